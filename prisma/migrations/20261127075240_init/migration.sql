-- CreateEnum
CREATE TYPE "platform" AS ENUM ('discord', 'matrix', 'console');

-- CreateEnum
CREATE TYPE "assembly_kind" AS ENUM ('local', 'circle', 'delegates');

-- CreateEnum
CREATE TYPE "room_purpose" AS ENUM ('main', 'announcements', 'delegates');

-- CreateEnum
CREATE TYPE "membership_status" AS ENUM ('pending', 'active', 'left', 'excluded');

-- CreateEnum
CREATE TYPE "member_role" AS ENUM ('member', 'facilitator');

-- CreateEnum
CREATE TYPE "motion_kind" AS ENUM ('resolution', 'election', 'recall', 'admission', 'exclusion', 'proposal_draft', 'proposal_response', 'forward', 'federation_join', 'federation_leave', 'policy', 'mandate');

-- CreateEnum
CREATE TYPE "voting_method" AS ENUM ('yes_no_abstain', 'approval', 'ranked');

-- CreateEnum
CREATE TYPE "motion_status" AS ENUM ('proposed', 'open', 'passed', 'failed', 'withdrawn', 'expired', 'superseded');

-- CreateEnum
CREATE TYPE "edge_status" AS ENUM ('active', 'left');

-- CreateEnum
CREATE TYPE "seat_status" AS ENUM ('active', 'recalled', 'ended');

-- CreateEnum
CREATE TYPE "proposal_status" AS ENUM ('open', 'adopted', 'withdrawn', 'expired');

-- CreateEnum
CREATE TYPE "referral_status" AS ENUM ('pending', 'accepted', 'rejected', 'amend_requested', 'superseded', 'withdrawn', 'expired');

-- CreateEnum
CREATE TYPE "outbox_status" AS ENUM ('pending', 'dispatched', 'done', 'failed');

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "display_name" TEXT NOT NULL,
    "merged_into_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_account" (
    "id" UUID NOT NULL,
    "platform" "platform" NOT NULL,
    "external_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "person_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "platform_account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "link_code" (
    "code" TEXT NOT NULL,
    "person_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "link_code_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "assembly" (
    "id" UUID NOT NULL,
    "kind" "assembly_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "level" INTEGER NOT NULL DEFAULT 0,
    "parent_assembly_id" UUID,
    "federation_id" UUID,
    "policy" JSONB NOT NULL DEFAULT '{}',
    "event_seq" INTEGER NOT NULL DEFAULT 0,
    "head_hash" TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    "motion_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "assembly_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "room_binding" (
    "id" UUID NOT NULL,
    "platform" "platform" NOT NULL,
    "room_id" TEXT NOT NULL,
    "server_id" TEXT,
    "purpose" "room_purpose" NOT NULL,
    "assembly_id" UUID NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "room_binding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "assembly_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "status" "membership_status" NOT NULL DEFAULT 'pending',
    "role" "member_role" NOT NULL DEFAULT 'member',
    "values_accepted_at" TIMESTAMPTZ(3),
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("assembly_id","person_id")
);

-- CreateTable
CREATE TABLE "motion" (
    "id" UUID NOT NULL,
    "assembly_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "motion_kind" NOT NULL,
    "method" "voting_method" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "options" JSONB NOT NULL DEFAULT '[]',
    "seats" INTEGER NOT NULL DEFAULT 1,
    "quorum_num" INTEGER NOT NULL,
    "quorum_den" INTEGER NOT NULL,
    "quorum_strict" BOOLEAN NOT NULL DEFAULT false,
    "threshold_num" INTEGER NOT NULL,
    "threshold_den" INTEGER NOT NULL,
    "threshold_strict" BOOLEAN NOT NULL DEFAULT false,
    "secret" BOOLEAN NOT NULL DEFAULT false,
    "seconds_required" INTEGER NOT NULL DEFAULT 0,
    "voting_hours" INTEGER NOT NULL DEFAULT 72,
    "status" "motion_status" NOT NULL DEFAULT 'proposed',
    "moved_by_id" UUID NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "opens_at" TIMESTAMPTZ(3),
    "closes_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "result" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "motion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "motion_second" (
    "motion_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "motion_second_pkey" PRIMARY KEY ("motion_id","person_id")
);

-- CreateTable
CREATE TABLE "ballot" (
    "motion_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "choice" JSONB NOT NULL,
    "cast_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voided_at" TIMESTAMPTZ(3),

    CONSTRAINT "ballot_pkey" PRIMARY KEY ("motion_id","person_id")
);

-- CreateTable
CREATE TABLE "ballot_history" (
    "id" BIGSERIAL NOT NULL,
    "motion_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "choice" JSONB NOT NULL,
    "cast_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ballot_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "assembly_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "actor_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,
    "prev_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "federation" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "root_assembly_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "federation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "federation_edge" (
    "id" UUID NOT NULL,
    "federation_id" UUID NOT NULL,
    "child_assembly_id" UUID NOT NULL,
    "parent_assembly_id" UUID NOT NULL,
    "status" "edge_status" NOT NULL DEFAULT 'active',
    "seats" INTEGER NOT NULL DEFAULT 1,
    "joined_by_motion_id" UUID,
    "left_by_motion_id" UUID,
    "joined_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" TIMESTAMPTZ(3),

    CONSTRAINT "federation_edge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invitation" (
    "code" TEXT NOT NULL,
    "federation_id" UUID NOT NULL,
    "parent_assembly_id" UUID NOT NULL,
    "issued_by_id" UUID NOT NULL,
    "issued_by_motion_id" UUID,
    "seats" INTEGER NOT NULL DEFAULT 1,
    "expires_at" TIMESTAMPTZ(3),
    "used_by_assembly_id" UUID,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "seat" (
    "id" UUID NOT NULL,
    "edge_id" UUID NOT NULL,
    "home_assembly_id" UUID NOT NULL,
    "parent_assembly_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "status" "seat_status" NOT NULL DEFAULT 'active',
    "elected_by_motion_id" UUID,
    "recalled_by_motion_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "term_ends_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),

    CONSTRAINT "seat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nomination" (
    "id" UUID NOT NULL,
    "home_assembly_id" UUID NOT NULL,
    "edge_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "nominated_by_id" UUID NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "withdrawn_at" TIMESTAMPTZ(3),
    "election_motion_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nomination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mandate" (
    "id" UUID NOT NULL,
    "home_assembly_id" UUID NOT NULL,
    "upstairs_motion_id" UUID NOT NULL,
    "instruction" JSONB NOT NULL,
    "motion_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "mandate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal" (
    "id" UUID NOT NULL,
    "federation_id" UUID NOT NULL,
    "origin_assembly_id" UUID NOT NULL,
    "status" "proposal_status" NOT NULL DEFAULT 'open',
    "adoption_rule" JSONB NOT NULL,
    "deadline" TIMESTAMPTZ(3),
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "adopted_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "proposal_version" (
    "id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "change_note" TEXT,
    "motion_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proposal_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral" (
    "id" UUID NOT NULL,
    "proposal_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "assembly_id" UUID NOT NULL,
    "parent_referral_id" UUID,
    "depth" INTEGER NOT NULL,
    "status" "referral_status" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "amendment_text" TEXT,
    "response_motion_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "local_total" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "amend_requested" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "members_covered" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_item" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "status" "outbox_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outbox_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "platform_account_person_id_idx" ON "platform_account"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "platform_account_platform_external_id_key" ON "platform_account"("platform", "external_id");

-- CreateIndex
CREATE INDEX "link_code_person_id_idx" ON "link_code"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "assembly_name_key" ON "assembly"("name");

-- CreateIndex
CREATE INDEX "assembly_parent_assembly_id_idx" ON "assembly"("parent_assembly_id");

-- CreateIndex
CREATE INDEX "assembly_federation_id_idx" ON "assembly"("federation_id");

-- CreateIndex
CREATE INDEX "room_binding_assembly_id_idx" ON "room_binding"("assembly_id");

-- CreateIndex
CREATE UNIQUE INDEX "room_binding_platform_room_id_key" ON "room_binding"("platform", "room_id");

-- CreateIndex
CREATE INDEX "membership_assembly_id_status_idx" ON "membership"("assembly_id", "status");

-- CreateIndex
CREATE INDEX "membership_person_id_idx" ON "membership"("person_id");

-- CreateIndex
CREATE INDEX "motion_status_closes_at_idx" ON "motion"("status", "closes_at");

-- CreateIndex
CREATE INDEX "motion_assembly_id_status_idx" ON "motion"("assembly_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "motion_assembly_id_number_key" ON "motion"("assembly_id", "number");

-- CreateIndex
CREATE INDEX "ballot_person_id_idx" ON "ballot"("person_id");

-- CreateIndex
CREATE INDEX "ballot_history_motion_id_person_id_idx" ON "ballot_history"("motion_id", "person_id");

-- CreateIndex
CREATE INDEX "ballot_history_person_id_idx" ON "ballot_history"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "event_assembly_id_seq_key" ON "event"("assembly_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "federation_name_key" ON "federation"("name");

-- CreateIndex
CREATE UNIQUE INDEX "federation_root_assembly_id_key" ON "federation"("root_assembly_id");

-- CreateIndex
CREATE INDEX "federation_edge_parent_assembly_id_status_idx" ON "federation_edge"("parent_assembly_id", "status");

-- CreateIndex
CREATE INDEX "federation_edge_child_assembly_id_idx" ON "federation_edge"("child_assembly_id");

-- CreateIndex
CREATE UNIQUE INDEX "federation_edge_one_active_parent" ON "federation_edge"("federation_id", "child_assembly_id") WHERE (status = 'active');

-- CreateIndex
CREATE INDEX "invitation_parent_assembly_id_idx" ON "invitation"("parent_assembly_id");

-- CreateIndex
CREATE INDEX "seat_parent_assembly_id_status_idx" ON "seat"("parent_assembly_id", "status");

-- CreateIndex
CREATE INDEX "seat_home_assembly_id_status_idx" ON "seat"("home_assembly_id", "status");

-- CreateIndex
CREATE INDEX "seat_person_id_idx" ON "seat"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "seat_one_active_per_person" ON "seat"("edge_id", "person_id") WHERE (status = 'active');

-- CreateIndex
CREATE INDEX "nomination_edge_id_election_motion_id_idx" ON "nomination"("edge_id", "election_motion_id");

-- CreateIndex
CREATE INDEX "nomination_person_id_idx" ON "nomination"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "mandate_motion_id_key" ON "mandate"("motion_id");

-- CreateIndex
CREATE INDEX "mandate_upstairs_motion_id_home_assembly_id_idx" ON "mandate"("upstairs_motion_id", "home_assembly_id");

-- CreateIndex
CREATE INDEX "proposal_origin_assembly_id_status_idx" ON "proposal"("origin_assembly_id", "status");

-- CreateIndex
CREATE INDEX "proposal_status_deadline_idx" ON "proposal"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "proposal_version_proposal_id_version_key" ON "proposal_version"("proposal_id", "version");

-- CreateIndex
CREATE INDEX "referral_parent_referral_id_idx" ON "referral"("parent_referral_id");

-- CreateIndex
CREATE INDEX "referral_assembly_id_status_idx" ON "referral"("assembly_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "referral_proposal_id_version_assembly_id_key" ON "referral"("proposal_id", "version", "assembly_id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_item_dedupe_key_key" ON "outbox_item"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_item_status_available_at_idx" ON "outbox_item"("status", "available_at");

-- AddForeignKey
ALTER TABLE "platform_account" ADD CONSTRAINT "platform_account_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "link_code" ADD CONSTRAINT "link_code_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assembly" ADD CONSTRAINT "assembly_parent_assembly_id_fkey" FOREIGN KEY ("parent_assembly_id") REFERENCES "assembly"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assembly" ADD CONSTRAINT "assembly_federation_id_fkey" FOREIGN KEY ("federation_id") REFERENCES "federation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "room_binding" ADD CONSTRAINT "room_binding_assembly_id_fkey" FOREIGN KEY ("assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_assembly_id_fkey" FOREIGN KEY ("assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "motion" ADD CONSTRAINT "motion_assembly_id_fkey" FOREIGN KEY ("assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "motion" ADD CONSTRAINT "motion_moved_by_id_fkey" FOREIGN KEY ("moved_by_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "motion_second" ADD CONSTRAINT "motion_second_motion_id_fkey" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "motion_second" ADD CONSTRAINT "motion_second_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_motion_id_fkey" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot" ADD CONSTRAINT "ballot_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot_history" ADD CONSTRAINT "ballot_history_motion_id_fkey" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ballot_history" ADD CONSTRAINT "ballot_history_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_assembly_id_fkey" FOREIGN KEY ("assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federation" ADD CONSTRAINT "federation_root_assembly_id_fkey" FOREIGN KEY ("root_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federation_edge" ADD CONSTRAINT "federation_edge_federation_id_fkey" FOREIGN KEY ("federation_id") REFERENCES "federation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federation_edge" ADD CONSTRAINT "federation_edge_child_assembly_id_fkey" FOREIGN KEY ("child_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federation_edge" ADD CONSTRAINT "federation_edge_parent_assembly_id_fkey" FOREIGN KEY ("parent_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federation_edge" ADD CONSTRAINT "federation_edge_joined_by_motion_id_fkey" FOREIGN KEY ("joined_by_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "federation_edge" ADD CONSTRAINT "federation_edge_left_by_motion_id_fkey" FOREIGN KEY ("left_by_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_federation_id_fkey" FOREIGN KEY ("federation_id") REFERENCES "federation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_parent_assembly_id_fkey" FOREIGN KEY ("parent_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_issued_by_id_fkey" FOREIGN KEY ("issued_by_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_issued_by_motion_id_fkey" FOREIGN KEY ("issued_by_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invitation" ADD CONSTRAINT "invitation_used_by_assembly_id_fkey" FOREIGN KEY ("used_by_assembly_id") REFERENCES "assembly"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_edge_id_fkey" FOREIGN KEY ("edge_id") REFERENCES "federation_edge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_home_assembly_id_fkey" FOREIGN KEY ("home_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_parent_assembly_id_fkey" FOREIGN KEY ("parent_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_elected_by_motion_id_fkey" FOREIGN KEY ("elected_by_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seat" ADD CONSTRAINT "seat_recalled_by_motion_id_fkey" FOREIGN KEY ("recalled_by_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_home_assembly_id_fkey" FOREIGN KEY ("home_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_edge_id_fkey" FOREIGN KEY ("edge_id") REFERENCES "federation_edge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_nominated_by_id_fkey" FOREIGN KEY ("nominated_by_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_election_motion_id_fkey" FOREIGN KEY ("election_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mandate" ADD CONSTRAINT "mandate_home_assembly_id_fkey" FOREIGN KEY ("home_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mandate" ADD CONSTRAINT "mandate_upstairs_motion_id_fkey" FOREIGN KEY ("upstairs_motion_id") REFERENCES "motion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mandate" ADD CONSTRAINT "mandate_motion_id_fkey" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal" ADD CONSTRAINT "proposal_federation_id_fkey" FOREIGN KEY ("federation_id") REFERENCES "federation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal" ADD CONSTRAINT "proposal_origin_assembly_id_fkey" FOREIGN KEY ("origin_assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_version" ADD CONSTRAINT "proposal_version_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "proposal_version" ADD CONSTRAINT "proposal_version_motion_id_fkey" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_assembly_id_fkey" FOREIGN KEY ("assembly_id") REFERENCES "assembly"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_parent_referral_id_fkey" FOREIGN KEY ("parent_referral_id") REFERENCES "referral"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_response_motion_id_fkey" FOREIGN KEY ("response_motion_id") REFERENCES "motion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

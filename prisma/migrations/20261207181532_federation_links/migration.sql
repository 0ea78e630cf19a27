-- CreateTable
CREATE TABLE "federation_inbox" (
    "idempotency_key" TEXT NOT NULL,
    "room_id" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "event_type" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "note" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "settled_at" TIMESTAMPTZ(3),

    CONSTRAINT "federation_inbox_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "federation_lane" (
    "room_id" TEXT NOT NULL,
    "sender" TEXT NOT NULL,
    "next_seq" BIGINT NOT NULL DEFAULT 1,
    "gap_since" TIMESTAMPTZ(3),
    "resend_asked_at" TIMESTAMPTZ(3),

    CONSTRAINT "federation_lane_pkey" PRIMARY KEY ("room_id","sender")
);

-- CreateTable
CREATE TABLE "federation_peer" (
    "deployment" TEXT NOT NULL,
    "bot_user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "last_heartbeat_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "federation_peer_pkey" PRIMARY KEY ("deployment")
);

-- CreateTable
CREATE TABLE "federation_deployment_key" (
    "deployment" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "bot_user_id" TEXT NOT NULL,
    "valid_from" TIMESTAMPTZ(3) NOT NULL,
    "previous_key_id" TEXT,
    "rotation_signature" TEXT,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "federation_deployment_key_pkey" PRIMARY KEY ("deployment","key_id")
);

-- CreateTable
CREATE TABLE "federation_hosted_assembly" (
    "assembly" TEXT NOT NULL,
    "deployment" TEXT NOT NULL,
    "federation" TEXT NOT NULL,
    "parent_assembly" TEXT NOT NULL,
    "link_room_id" TEXT NOT NULL,
    "bound_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "federation_hosted_assembly_pkey" PRIMARY KEY ("assembly")
);

-- CreateTable
CREATE TABLE "federation_counted_decision" (
    "assembly" TEXT NOT NULL,
    "proposal" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "counted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "federation_counted_decision_pkey" PRIMARY KEY ("assembly","proposal","version")
);

-- CreateTable
CREATE TABLE "federation_member_count" (
    "assembly" TEXT NOT NULL,
    "chain_seq" BIGINT NOT NULL,
    "members" INTEGER NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "federation_member_count_pkey" PRIMARY KEY ("assembly","chain_seq")
);

-- CreateIndex
CREATE INDEX "federation_inbox_room_id_sender_status_seq_idx" ON "federation_inbox"("room_id", "sender", "status", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "federation_inbox_room_id_sender_seq_key" ON "federation_inbox"("room_id", "sender", "seq");

-- CreateIndex
CREATE INDEX "federation_lane_gap_since_idx" ON "federation_lane"("gap_since");

-- CreateIndex
CREATE INDEX "federation_hosted_assembly_deployment_idx" ON "federation_hosted_assembly"("deployment");

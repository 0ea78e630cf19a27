-- CreateEnum
CREATE TYPE "law_status" AS ENUM ('in_force', 'repealed');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "motion_kind" ADD VALUE 'amend_law';
ALTER TYPE "motion_kind" ADD VALUE 'repeal_law';
ALTER TYPE "motion_kind" ADD VALUE 'annul';
ALTER TYPE "motion_kind" ADD VALUE 'require_leave';

-- CreateTable
CREATE TABLE "law" (
    "id" UUID NOT NULL,
    "assembly_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "law_status" NOT NULL DEFAULT 'in_force',
    "passed_at" TIMESTAMPTZ(3) NOT NULL,
    "repealed_at" TIMESTAMPTZ(3),
    "repealed_by_motion" INTEGER,
    "proposal_id" UUID,
    "source" JSONB,
    "versions" JSONB NOT NULL,

    CONSTRAINT "law_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "law_note" (
    "id" UUID NOT NULL,
    "law_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "target_motion_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "law_note_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "law_assembly_id_proposal_id_idx" ON "law"("assembly_id", "proposal_id");

-- CreateIndex
CREATE UNIQUE INDEX "law_assembly_id_number_key" ON "law"("assembly_id", "number");

-- CreateIndex
CREATE INDEX "law_note_law_id_at_idx" ON "law_note"("law_id", "at");

-- CreateIndex
CREATE INDEX "law_note_target_motion_id_idx" ON "law_note"("target_motion_id");

-- AlterTable
ALTER TABLE "assembly" ADD COLUMN     "checkpoint_at" TIMESTAMPTZ(3),
ADD COLUMN     "checkpoint_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "checkpoint_seq" INTEGER NOT NULL DEFAULT 0;

-- Existing assemblies have never posted a checkpoint: each is due once its chain
-- has events (the sweep posts them a page at a time), as a new assembly is.
UPDATE "assembly" SET "checkpoint_due_at" = TIMESTAMPTZ '1970-01-01 00:00:00+00';

-- CreateIndex
CREATE INDEX "assembly_checkpoint_due" ON "assembly"("checkpoint_due_at", "id") WHERE (event_seq > checkpoint_seq);

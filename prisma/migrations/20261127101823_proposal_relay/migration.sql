/*
  Warnings:

  - adds a required column without default (fails on a non-empty table): ALTER TABLE "proposal" ADD COLUMN     "number" SERIAL NOT NULL
  - adds a unique index (fails if duplicates exist): CREATE UNIQUE INDEX "proposal_number_key" ON "proposal"("number")

*/
-- AlterTable
ALTER TABLE "proposal" ADD COLUMN     "number" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "referral" ADD COLUMN     "clean_gen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dirty_gen" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "member_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "relayed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "delivery" (
    "key" TEXT NOT NULL,
    "platform" "platform" NOT NULL,
    "room_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "agenda_item" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "assembly_id" UUID NOT NULL,
    "from_assembly_id" UUID NOT NULL,
    "federation_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "forwarded_by_motion_id" UUID NOT NULL,
    "taken_up_by_motion_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agenda_item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "agenda_item_number_key" ON "agenda_item"("number");

-- CreateIndex
CREATE INDEX "agenda_item_assembly_id_created_at_idx" ON "agenda_item"("assembly_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "proposal_number_key" ON "proposal"("number");

-- CreateIndex
CREATE INDEX "referral_proposal_id_version_depth_idx" ON "referral"("proposal_id", "version", "depth");

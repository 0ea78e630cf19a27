-- DropForeignKey
ALTER TABLE "nomination" DROP CONSTRAINT "nomination_edge_id_fkey";

-- AlterTable
ALTER TABLE "nomination" ADD COLUMN     "committee_id" UUID,
ALTER COLUMN "edge_id" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "nomination_committee_id_election_motion_id_idx" ON "nomination"("committee_id", "election_motion_id");

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_edge_id_fkey" FOREIGN KEY ("edge_id") REFERENCES "federation_edge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_committee_id_fkey" FOREIGN KEY ("committee_id") REFERENCES "assembly"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: a nomination is for exactly one thing, an edge's seats or a committee's.
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_one_target" CHECK (("edge_id" IS NULL) <> ("committee_id" IS NULL));

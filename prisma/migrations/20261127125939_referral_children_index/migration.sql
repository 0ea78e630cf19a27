-- DropIndex
DROP INDEX "referral_parent_referral_id_idx";

-- CreateIndex
CREATE INDEX "referral_parent_referral_id_assembly_id_idx" ON "referral"("parent_referral_id", "assembly_id");

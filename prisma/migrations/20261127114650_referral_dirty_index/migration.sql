-- CreateIndex
CREATE INDEX "referral_dirty" ON "referral"("proposal_id", "version", "depth", "id") WHERE (dirty_gen > clean_gen);

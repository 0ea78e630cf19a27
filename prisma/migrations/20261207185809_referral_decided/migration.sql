-- CreateIndex
-- "decided_at" NULLS FIRST: the order `decided` reads in (as the FakeStore sorts: an unset time first).
CREATE INDEX "referral_decided" ON "referral"("proposal_id", "version", "status", "decided_at" NULLS FIRST, "id");

-- CreateIndex
CREATE INDEX "assembly_electorate_role" ON "assembly"("id") WHERE ((policy ->> 'electorateRole') IS NOT NULL);

-- Statistics on the expression, so the planner knows how few assemblies set a
-- role and reads them through the partial index instead of scanning every row.
CREATE STATISTICS "assembly_electorate_role_stats" ON (policy ->> 'electorateRole') FROM "assembly";

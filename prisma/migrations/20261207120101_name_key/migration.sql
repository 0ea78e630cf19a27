-- Look-alike names (issue 14): the confusable skeleton of each name (core
-- `nameKey`), unique. The columns are new, so the unique indexes cannot meet
-- duplicates here; existing rows are keyed after the migrations by
-- src/adapters/persistence/name-key-backfill.ts (the skeleton needs Unicode's
-- confusables data, which SQL does not have).
-- AlterTable
ALTER TABLE "assembly" ADD COLUMN     "name_key" TEXT;

-- AlterTable
ALTER TABLE "federation" ADD COLUMN     "name_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "assembly_name_key_key" ON "assembly"("name_key");

-- CreateIndex
CREATE UNIQUE INDEX "federation_name_key_key" ON "federation"("name_key");

/*
  Warnings:

  - adds a required column without default (fails on a non-empty table): ALTER TABLE "federation" ADD COLUMN     "founded_by_id" UUID NOT NULL

  Safe here: no release wrote federation rows before this migration (the
  store had no federation writes), so the table is empty.
*/
-- AlterTable
ALTER TABLE "federation" ADD COLUMN     "founded_by_id" UUID NOT NULL;

-- AddForeignKey
ALTER TABLE "federation" ADD CONSTRAINT "federation_founded_by_id_fkey" FOREIGN KEY ("founded_by_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

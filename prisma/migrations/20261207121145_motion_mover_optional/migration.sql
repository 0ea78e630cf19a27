-- DropForeignKey
ALTER TABLE "motion" DROP CONSTRAINT "motion_moved_by_id_fkey";

-- AlterTable
ALTER TABLE "motion" ALTER COLUMN "moved_by_id" DROP NOT NULL;

-- AddForeignKey
ALTER TABLE "motion" ADD CONSTRAINT "motion_moved_by_id_fkey" FOREIGN KEY ("moved_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

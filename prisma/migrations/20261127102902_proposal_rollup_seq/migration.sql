-- AlterTable
ALTER TABLE "proposal" ADD COLUMN     "rollup_seq" INTEGER NOT NULL DEFAULT 0;

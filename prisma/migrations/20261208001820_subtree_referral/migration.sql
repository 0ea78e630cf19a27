-- AlterTable
ALTER TABLE "referral" ADD COLUMN     "subtree" BOOLEAN NOT NULL DEFAULT false;

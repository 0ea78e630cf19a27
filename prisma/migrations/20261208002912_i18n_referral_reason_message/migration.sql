-- AlterTable
ALTER TABLE "referral" ADD COLUMN     "reason_message" JSONB;

-- AlterTable
ALTER TABLE "platform_account" ADD COLUMN     "language" TEXT,
ADD COLUMN     "time_zone" TEXT;

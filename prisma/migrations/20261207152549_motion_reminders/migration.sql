-- AlterTable
ALTER TABLE "motion" ADD COLUMN     "reminder_at" TIMESTAMPTZ(3) DEFAULT '1970-01-01 00:00:00+00'::timestamp with time zone;

-- AlterTable
ALTER TABLE "platform_account" ADD COLUMN     "remind" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "motion_reminder" (
    "motion_id" UUID NOT NULL,
    "hours" INTEGER NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "motion_reminder_pkey" PRIMARY KEY ("motion_id","hours")
);

-- CreateIndex
CREATE INDEX "motion_reminder_due" ON "motion"("reminder_at") WHERE (reminder_at IS NOT NULL);

-- AddForeignKey
ALTER TABLE "motion_reminder" ADD CONSTRAINT "motion_reminder_motion_id_fkey" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Only open motions can still be reminded of; closed ones need no look from the sweep.
UPDATE "motion" SET "reminder_at" = NULL WHERE "status" <> 'open';

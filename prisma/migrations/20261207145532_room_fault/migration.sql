-- CreateTable
CREATE TABLE "room_fault" (
    "platform" "platform" NOT NULL,
    "room_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL,
    "checked_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "room_fault_pkey" PRIMARY KEY ("platform","room_id")
);

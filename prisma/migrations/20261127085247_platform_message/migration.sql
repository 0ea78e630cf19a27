-- CreateTable
CREATE TABLE "platform_message" (
    "platform" "platform" NOT NULL,
    "room_id" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_message_pkey" PRIMARY KEY ("platform","room_id","ref")
);

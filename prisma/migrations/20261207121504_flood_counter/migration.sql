-- CreateTable
CREATE TABLE "flood_counter" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "flood_counter_pkey" PRIMARY KEY ("key","window_start")
);

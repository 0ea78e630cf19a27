-- CreateTable
CREATE TABLE "federation_mirror" (
    "kind" TEXT NOT NULL,
    "remote" TEXT NOT NULL,
    "local_id" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "federation_mirror_pkey" PRIMARY KEY ("kind","remote")
);

-- CreateIndex
CREATE INDEX "federation_mirror_kind_local_id_idx" ON "federation_mirror"("kind", "local_id");

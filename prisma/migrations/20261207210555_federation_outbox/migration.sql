-- CreateTable
CREATE TABLE "federation_outbox" (
    "id" UUID NOT NULL,
    "room_id" TEXT NOT NULL,
    "seq" BIGINT NOT NULL,
    "event_type" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "state_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "event_id" TEXT,

    CONSTRAINT "federation_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "federation_out_seq" (
    "room_id" TEXT NOT NULL,
    "last_seq" BIGINT NOT NULL,

    CONSTRAINT "federation_out_seq_pkey" PRIMARY KEY ("room_id")
);

-- CreateTable
CREATE TABLE "federation_link_request" (
    "id" UUID NOT NULL,
    "federation" TEXT NOT NULL,
    "parent_assembly" TEXT NOT NULL,
    "parent_deployment" TEXT NOT NULL,
    "parent_bot_user_id" TEXT NOT NULL,
    "child_assembly" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "room_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "federation_link_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "federation_outbox_idempotency_key_key" ON "federation_outbox"("idempotency_key");

-- CreateIndex
CREATE INDEX "federation_outbox_unsent" ON "federation_outbox"("created_at") WHERE (sent_at IS NULL);

-- CreateIndex
CREATE UNIQUE INDEX "federation_outbox_room_id_seq_key" ON "federation_outbox"("room_id", "seq");

-- CreateIndex
CREATE INDEX "federation_link_request_status_created_at_idx" ON "federation_link_request"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "federation_link_request_federation_parent_assembly_child_as_key" ON "federation_link_request"("federation", "parent_assembly", "child_assembly");

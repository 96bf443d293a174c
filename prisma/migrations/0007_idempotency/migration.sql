-- Idempotent creates: a client that retries a create (its first answer was
-- lost, or came too late) sends the same Idempotency-Key and gets the memory
-- the first attempt made instead of a duplicate. The key is unique per user;
-- the fingerprint (an HMAC of the request, never the text itself) tells a
-- retry from a different request that reuses the key. Keys are honoured for
-- 24 hours after the memory was created.

-- AlterTable
ALTER TABLE "memories" ADD COLUMN "idempotency_key" TEXT,
ADD COLUMN "idempotency_fingerprint" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "memories_user_id_idempotency_key_key" ON "memories"("user_id", "idempotency_key");

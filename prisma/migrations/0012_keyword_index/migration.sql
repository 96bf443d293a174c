-- Hybrid search over encrypted text, and memories that replace others.
--
-- The keyword index never holds plaintext: each memory's normalised terms are
-- stored as keyed hashes (HMAC under a key derived from the memory encryption
-- key and the owner's id), with their frequencies and the memory's length in
-- terms, which is what a BM25 score needs. keyword_key_id names the key that
-- hashed them (NULL: not indexed yet), so start-up and `npm run reindex`
-- find the memories to (re)index after a key rotation.

-- AlterTable
ALTER TABLE "memories" ADD COLUMN "keyword_hashes" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
ADD COLUMN "keyword_freqs" INTEGER[] NOT NULL DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "keyword_length" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "keyword_key_id" TEXT,
ADD COLUMN "superseded_by" UUID;

-- CreateIndex
CREATE INDEX "memories_keyword_hashes_idx" ON "memories" USING GIN ("keyword_hashes");

-- CreateIndex
CREATE INDEX "memories_superseded_by_idx" ON "memories"("superseded_by");

-- AddForeignKey: deleting the successor brings the memories it replaced back.
-- Deferred, so a copy of the table (db:copy-to-postgres) may insert a memory
-- before its successor within one transaction.
ALTER TABLE "memories" ADD CONSTRAINT "memories_superseded_by_fkey" FOREIGN KEY ("superseded_by") REFERENCES "memories"("id") ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

-- Imports: a file of memories brought into one account (a Picard bundle, the
-- reference MCP memory server's memory.jsonl, mem0's export, plain text). The
-- memories are written in one transaction with their embeddings pending; the
-- server's background embedding (the same retry worker every pending memory
-- goes through) embeds them, so an import survives a restart: its progress is
-- read from its memories, not kept in memory.

-- CreateTable
CREATE TABLE "memory_imports" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "format" TEXT NOT NULL,
    "imported" INTEGER NOT NULL,
    "skipped" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "memory_imports_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "memories" ADD COLUMN "import_id" UUID,
ADD COLUMN "content_hash" TEXT;

-- CreateIndex
CREATE INDEX "memory_imports_user_id_created_at_idx" ON "memory_imports"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "memories_import_id_idx" ON "memories"("import_id");

-- CreateIndex: importing the same file twice adds nothing (an HMAC per user of
-- what identifies an imported memory; null for memories not imported).
CREATE UNIQUE INDEX "memories_user_id_content_hash_key" ON "memories"("user_id", "content_hash");

-- AddForeignKey
ALTER TABLE "memory_imports" ADD CONSTRAINT "memory_imports_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memories" ADD CONSTRAINT "memories_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "memory_imports"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Memories, their edit history and their embeddings.

-- CreateEnum
CREATE TYPE "permission" AS ENUM ('private', 'public');

-- CreateTable
CREATE TABLE "memories" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "text_ciphertext" BYTEA NOT NULL,
    "key_id" TEXT NOT NULL,
    "permission" "permission" NOT NULL DEFAULT 'private',
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "embedding" vector,
    "embedding_model" TEXT,
    "embedding_attempts" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "memories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memory_versions" (
    "id" UUID NOT NULL,
    "memory_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text_ciphertext" BYTEA NOT NULL,
    "key_id" TEXT NOT NULL,
    "permission" "permission" NOT NULL,
    "tags" TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "replaced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memory_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "memories_user_id_created_at_id_idx" ON "memories"("user_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "memories_tags_idx" ON "memories" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "memory_versions_memory_id_version_key" ON "memory_versions"("memory_id", "version");

-- AddForeignKey
ALTER TABLE "memories" ADD CONSTRAINT "memories_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memory_versions" ADD CONSTRAINT "memory_versions_memory_id_fkey" FOREIGN KEY ("memory_id") REFERENCES "memories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Not expressible in schema.prisma:
-- memories waiting for their embedding, found by the retry worker;
CREATE INDEX "memories_embedding_pending_idx" ON "memories" ("created_at") WHERE "embedding" IS NULL;
-- expiring memories, found by the purge job;
CREATE INDEX "memories_expires_at_idx" ON "memories" ("expires_at") WHERE "expires_at" IS NOT NULL;
-- and the vector index, one per embedding model and dimension, is created at
-- start-up for the active model (memories/vector-index.ts).

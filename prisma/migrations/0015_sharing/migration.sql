-- Sharing with chosen people and groups, and per-application limits.
--
-- A memory with permission "shared" is readable by its owner, by the users
-- named in memory_shares and by the members of the groups named there, read
-- at query time: adding someone to a group shares what the group already
-- had, removing them takes it away on the next request.

-- AlterEnum
ALTER TYPE "permission" ADD VALUE IF NOT EXISTS 'shared';

-- CreateTable
CREATE TABLE "groups" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "group_members" (
    "group_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "group_members_pkey" PRIMARY KEY ("group_id","user_id")
);

-- CreateTable
CREATE TABLE "memory_shares" (
    "id" UUID NOT NULL,
    "memory_id" UUID NOT NULL,
    "user_id" UUID,
    "group_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "memory_shares_pkey" PRIMARY KEY ("id"),
    -- A share names one user or one group, never both.
    CONSTRAINT "memory_shares_one_target" CHECK (("user_id" IS NULL) <> ("group_id" IS NULL))
);

-- CreateIndex
CREATE UNIQUE INDEX "groups_owner_id_name_key" ON "groups"("owner_id", "name");
CREATE INDEX "group_members_user_id_idx" ON "group_members"("user_id");
CREATE UNIQUE INDEX "memory_shares_memory_id_user_id_key" ON "memory_shares"("memory_id", "user_id");
CREATE UNIQUE INDEX "memory_shares_memory_id_group_id_key" ON "memory_shares"("memory_id", "group_id");
CREATE INDEX "memory_shares_user_id_idx" ON "memory_shares"("user_id");
CREATE INDEX "memory_shares_group_id_idx" ON "memory_shares"("group_id");
-- Owners list who read their shared memories: entries by memory id.
CREATE INDEX "audit_entries_memory_ids_idx" ON "audit_entries" USING GIN ("memory_ids");

-- AddForeignKey
ALTER TABLE "groups" ADD CONSTRAINT "groups_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "group_members" ADD CONSTRAINT "group_members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memory_shares" ADD CONSTRAINT "memory_shares_memory_id_fkey" FOREIGN KEY ("memory_id") REFERENCES "memories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memory_shares" ADD CONSTRAINT "memory_shares_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "memory_shares" ADD CONSTRAINT "memory_shares_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What a person allowed one application beyond its scopes: only memories
-- carrying one of these tags (all memories when empty), and read-only.
ALTER TABLE "remembered_consents" ADD COLUMN "limit_tags" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "remembered_consents" ADD COLUMN "read_only" BOOLEAN NOT NULL DEFAULT false;

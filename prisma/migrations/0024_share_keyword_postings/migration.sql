-- Keyword postings of shared memories, hashed under each reader's key.
--
-- Keyword hashes are keyed per owner (keyword-hasher.ts), so a search over
-- what 100 people shared with a reader hashed the query 100 times and read
-- 300 (owner, term) ranges of keyword_postings for a three-word question,
-- then tested every posting found against the reader's 10,000 shares. Here
-- each share carries a copy of its memory's postings hashed under the key of
-- whom it is shared with: the reader for a share with a person, the group for
-- a share with a group. A shared search reads one range per term under the
-- reader's key and one per group the reader belongs to (found at read time,
-- so membership changes apply at once), and a posting exists only while its
-- share does.
--
-- What this reveals, beyond the owner-keyed index: equal words among the
-- memories shared with one person (or one group), the memories that person
-- can read anyway. Nothing links those hashes to the owners' own.
--
-- The hashes need the server's key, so the application writes the rows
-- (sharing, editing, re-indexing); the database keeps them exact: a share
-- removed takes its postings (the foreign key), a memory's changed keyword
-- entry removes its shares' postings and marks the shares for hashing again,
-- and the columns the search filters by follow the memory.

ALTER TABLE "memory_shares" ADD COLUMN "keyword_key_id" TEXT;

CREATE TABLE "share_keyword_postings" (
    "principal_id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "memory_id" UUID NOT NULL,
    "share_id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "tf" INTEGER NOT NULL,
    "length" INTEGER NOT NULL,
    "permission" "permission" NOT NULL,
    "superseded" BOOLEAN NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "share_keyword_postings_pkey" PRIMARY KEY ("principal_id", "hash", "memory_id")
        INCLUDE ("owner_id", "tf", "length", "permission", "superseded", "expires_at"),
    CONSTRAINT "share_keyword_postings_share_id_fkey" FOREIGN KEY ("share_id")
        REFERENCES "memory_shares"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "share_keyword_postings_share_id_idx" ON "share_keyword_postings"("share_id");
CREATE INDEX "share_keyword_postings_memory_id_idx" ON "share_keyword_postings"("memory_id");

-- A memory whose keyword entry changed (an edit, re-indexing, a key rotation)
-- loses its shares' postings until they are hashed again; one whose
-- permission, supersede mark or expiry changed has them follow.
CREATE FUNCTION "share_keyword_postings_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM share_keyword_postings p
   USING old_rows o JOIN new_rows n ON n.id = o.id
   WHERE p.memory_id = o.id
     AND (o.keyword_hashes, o.keyword_freqs, o.keyword_length, o.keyword_key_id)
         IS DISTINCT FROM (n.keyword_hashes, n.keyword_freqs, n.keyword_length, n.keyword_key_id);
  UPDATE memory_shares s SET keyword_key_id = NULL
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE s.memory_id = o.id AND s.keyword_key_id IS NOT NULL
     AND (o.keyword_hashes, o.keyword_freqs, o.keyword_length, o.keyword_key_id)
         IS DISTINCT FROM (n.keyword_hashes, n.keyword_freqs, n.keyword_length, n.keyword_key_id);
  UPDATE share_keyword_postings p
     SET permission = n.permission, superseded = n.superseded_by IS NOT NULL, expires_at = n.expires_at
    FROM old_rows o JOIN new_rows n ON n.id = o.id
   WHERE p.memory_id = o.id
     AND (o.permission, o.superseded_by IS NULL, o.expires_at)
         IS DISTINCT FROM (n.permission, n.superseded_by IS NULL, n.expires_at);
  RETURN NULL;
END
$$;

CREATE TRIGGER "memories_share_keyword_postings_update" AFTER UPDATE ON "memories"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION share_keyword_postings_on_update();

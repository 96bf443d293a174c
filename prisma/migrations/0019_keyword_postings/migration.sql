-- An inverted index of the keyword hashes: one row per (owner, term hash,
-- memory), with what BM25 and the own-memories filter need.
--
-- A keyword search of one's own memories read every memory holding a query
-- term through the GIN index on memories.keyword_hashes: the whole row of
-- each, then the term's position in its array. At 100,000 memories (50,000 of
-- one person's) a three-word question matched 11,000 of them and that ranking
-- took most of a hybrid search. Here the same matches are read from one narrow
-- index range per query hash, carrying the term frequency, the length, and the
-- columns the own-memories filter tests (permission, superseded, expiry).
--
-- Like keyword_stats (0017), statement-level triggers on memories keep it
-- exact in the same transaction as every write: insert, any update that
-- changes a keyword entry or one of those columns (edits, re-indexing, key
-- rotation, permission, supersede, expiry), delete (cascades and the purge
-- included). It holds the same keyed hashes as the memories' own column, no
-- text; searches still apply the read rule to the memories they return.

CREATE TABLE "keyword_postings" (
    "user_id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "memory_id" UUID NOT NULL,
    "tf" INTEGER NOT NULL,
    "length" INTEGER NOT NULL,
    "permission" "permission" NOT NULL,
    "superseded" BOOLEAN NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "keyword_postings_pkey" PRIMARY KEY ("user_id", "hash", "memory_id")
        INCLUDE ("tf", "length", "permission", "superseded", "expires_at")
);

-- Removing a memory's postings when it changes or goes.
CREATE INDEX "keyword_postings_memory_id_idx" ON "keyword_postings"("memory_id");

-- No foreign keys: the triggers below remove the rows with their memory (as
-- keyword_stats does), and a key would make the order of cascades matter.

CREATE FUNCTION "keyword_postings_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO keyword_postings (user_id, hash, memory_id, tf, length, permission, superseded, expires_at)
  SELECT n.user_id, t.hash, n.id, t.tf, n.keyword_length, n.permission,
         n.superseded_by IS NOT NULL, n.expires_at
    FROM new_rows n, unnest(n.keyword_hashes, n.keyword_freqs) AS t(hash, tf)
   WHERE n.keyword_key_id IS NOT NULL;
  RETURN NULL;
END
$$;

-- Only the rows whose postings would differ are rewritten: most updates
-- (embeddings, idempotency keys) change none of these columns. Their
-- postings are removed, then every updated, indexed row without postings
-- gets its own (the unchanged ones still have theirs).
CREATE FUNCTION "keyword_postings_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM keyword_postings p
   USING old_rows o JOIN new_rows n ON n.id = o.id
   WHERE p.memory_id = o.id
     AND (o.user_id, o.keyword_hashes, o.keyword_freqs, o.keyword_length, o.keyword_key_id,
          o.permission, o.superseded_by IS NULL, o.expires_at)
         IS DISTINCT FROM
         (n.user_id, n.keyword_hashes, n.keyword_freqs, n.keyword_length, n.keyword_key_id,
          n.permission, n.superseded_by IS NULL, n.expires_at);
  INSERT INTO keyword_postings (user_id, hash, memory_id, tf, length, permission, superseded, expires_at)
  SELECT n.user_id, t.hash, n.id, t.tf, n.keyword_length, n.permission,
         n.superseded_by IS NOT NULL, n.expires_at
    FROM new_rows n, unnest(n.keyword_hashes, n.keyword_freqs) AS t(hash, tf)
   WHERE n.keyword_key_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM keyword_postings p WHERE p.memory_id = n.id);
  RETURN NULL;
END
$$;

CREATE FUNCTION "keyword_postings_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM keyword_postings p USING old_rows o WHERE p.memory_id = o.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER "memories_keyword_postings_insert" AFTER INSERT ON "memories"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION keyword_postings_on_insert();
CREATE TRIGGER "memories_keyword_postings_update" AFTER UPDATE ON "memories"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyword_postings_on_update();
CREATE TRIGGER "memories_keyword_postings_delete" AFTER DELETE ON "memories"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION keyword_postings_on_delete();

-- The memories indexed so far.
INSERT INTO "keyword_postings" (user_id, hash, memory_id, tf, length, permission, superseded, expires_at)
SELECT m.user_id, t.hash, m.id, t.tf, m.keyword_length, m.permission,
       m.superseded_by IS NOT NULL, m.expires_at
  FROM "memories" m, unnest(m.keyword_hashes, m.keyword_freqs) AS t(hash, tf)
 WHERE m.keyword_key_id IS NOT NULL;

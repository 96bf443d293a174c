-- How many postings each owner's term hash has, per permission and whether
-- superseded: BM25's document frequencies, kept instead of counted per search.
--
-- An own-memory keyword search reads at most 500 postings of a common word
-- (migration 0021) but still counted all of them for its idf: 14,000 index
-- entries for a four-word question over 50,000 memories, the largest part of
-- what was left of the keyword ranking (README, "Hybrid search"). This table
-- holds those counts. Statement-level triggers on keyword_postings keep it
-- exact in the same transaction as every change to the postings (which
-- follow every write of memories, migration 0019); a search subtracts the
-- postings that have expired but are not purged yet (found through the
-- partial index below), so its figures equal counting. Like keyword_stats
-- (0017), rows are changed in key order, so concurrent statements lock the
-- rows they share in the same order. It holds counts of the same keyed hashes
-- keyword_postings holds, nothing more.
CREATE TABLE "keyword_frequencies" (
    "user_id" UUID NOT NULL,
    "hash" TEXT NOT NULL,
    "permission" "permission" NOT NULL,
    "superseded" BOOLEAN NOT NULL,
    "postings" BIGINT NOT NULL,

    CONSTRAINT "keyword_frequencies_pkey" PRIMARY KEY ("user_id", "hash", "permission", "superseded")
);

-- The postings of memories that expire, by owner, hash and expiry: what a
-- search subtracts from the counts above (few, for most people).
CREATE INDEX "keyword_postings_expiring_idx" ON "keyword_postings" ("user_id", "hash", "expires_at")
    WHERE "expires_at" IS NOT NULL;

-- One statement's postings added (+1 each) or removed (-1 each), summed per
-- key; a key left with none is removed.
CREATE FUNCTION "keyword_frequencies_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO keyword_frequencies AS f (user_id, hash, permission, superseded, postings)
  SELECT user_id, hash, permission, superseded, count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, hash, permission, superseded) DO UPDATE
    SET postings = f.postings + EXCLUDED.postings;
  RETURN NULL;
END
$$;

CREATE FUNCTION "keyword_frequencies_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO keyword_frequencies AS f (user_id, hash, permission, superseded, postings)
  SELECT user_id, hash, permission, superseded, -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, hash, permission, superseded) DO UPDATE
    SET postings = f.postings + EXCLUDED.postings;
  DELETE FROM keyword_frequencies f
   USING (SELECT DISTINCT user_id, hash, permission, superseded FROM old_rows) o
   WHERE f.user_id = o.user_id AND f.hash = o.hash AND f.permission = o.permission
     AND f.superseded = o.superseded AND f.postings = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER "keyword_postings_frequencies_insert" AFTER INSERT ON "keyword_postings"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION keyword_frequencies_on_insert();
CREATE TRIGGER "keyword_postings_frequencies_delete" AFTER DELETE ON "keyword_postings"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION keyword_frequencies_on_delete();
-- Postings are only ever inserted and deleted (0019 rewrites a changed
-- memory's postings); an UPDATE or TRUNCATE would bypass the counts, so
-- neither is allowed.
CREATE FUNCTION "keyword_postings_refuse"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'keyword_postings rows are inserted and deleted, never %', TG_OP;
END
$$;
CREATE TRIGGER "keyword_postings_no_update" BEFORE UPDATE OR TRUNCATE ON "keyword_postings"
  FOR EACH STATEMENT EXECUTE FUNCTION keyword_postings_refuse();

-- The postings so far.
INSERT INTO "keyword_frequencies" (user_id, hash, permission, superseded, postings)
SELECT user_id, hash, permission, superseded, count(*)
  FROM "keyword_postings" GROUP BY 1, 2, 3, 4;

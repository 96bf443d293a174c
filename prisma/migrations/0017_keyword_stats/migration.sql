-- BM25 statistics kept up to date instead of counted per search.
--
-- A keyword search needs the number of memories it covers and their average
-- length in terms. Counting them per search read up to 10,000 rows of the
-- owner's memories every time. keyword_stats holds, per owner, permission and
-- whether the memory is superseded, how many indexed memories there are
-- (keyword_key_id set) and their summed length; statement-level triggers on
-- memories keep it exact in the same transaction as every insert, update
-- (text, permission, supersede, re-index) and delete (including cascades and
-- the expiry purge). It holds counts only: no text, no hashes.

-- CreateTable
CREATE TABLE "keyword_stats" (
    "user_id" UUID NOT NULL,
    "permission" "permission" NOT NULL,
    "superseded" BOOLEAN NOT NULL,
    "memory_count" BIGINT NOT NULL DEFAULT 0,
    "total_length" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "keyword_stats_pkey" PRIMARY KEY ("user_id","permission","superseded")
);

-- No foreign key to users: deleting a user deletes their memories, whose
-- trigger then removes the rows here; a key would make that order matter.

-- Adds one statement's changes: +1 and +length for each indexed row after,
-- -1 and -length for each indexed row before, summed per key (in key order,
-- so concurrent statements lock the rows they share in the same order). One
-- function per event: a transition table exists only for the events that have it.
CREATE FUNCTION "keyword_stats_add"(delta_n BIGINT, delta_len BIGINT, owner UUID,
                                    perm "permission", is_superseded BOOLEAN)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO keyword_stats AS s (user_id, permission, superseded, memory_count, total_length)
  VALUES (owner, perm, is_superseded, delta_n, delta_len)
  ON CONFLICT (user_id, permission, superseded) DO UPDATE
    SET memory_count = s.memory_count + EXCLUDED.memory_count,
        total_length = s.total_length + EXCLUDED.total_length;
$$;

CREATE FUNCTION "keyword_stats_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyword_stats_add(n, len, user_id, permission, superseded)
     FROM (SELECT user_id, permission, superseded_by IS NOT NULL AS superseded,
                  count(*) AS n, sum(keyword_length) AS len
             FROM new_rows WHERE keyword_key_id IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) delta;
  RETURN NULL;
END
$$;

CREATE FUNCTION "keyword_stats_on_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyword_stats_add(n, len, user_id, permission, superseded)
     FROM (SELECT user_id, permission, superseded, sum(n) AS n, sum(len) AS len
             FROM (SELECT user_id, permission, superseded_by IS NOT NULL AS superseded,
                          -1 AS n, -keyword_length AS len
                     FROM old_rows WHERE keyword_key_id IS NOT NULL
                   UNION ALL
                   SELECT user_id, permission, superseded_by IS NOT NULL, 1, keyword_length
                     FROM new_rows WHERE keyword_key_id IS NOT NULL) rows
            GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(len) <> 0 ORDER BY 1, 2, 3) delta;
  DELETE FROM keyword_stats s
   WHERE s.memory_count = 0 AND s.user_id IN (SELECT user_id FROM old_rows);
  RETURN NULL;
END
$$;

CREATE FUNCTION "keyword_stats_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM keyword_stats_add(-n, -len, user_id, permission, superseded)
     FROM (SELECT user_id, permission, superseded_by IS NOT NULL AS superseded,
                  count(*) AS n, sum(keyword_length) AS len
             FROM old_rows WHERE keyword_key_id IS NOT NULL
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) delta;
  DELETE FROM keyword_stats s
   WHERE s.memory_count = 0 AND s.user_id IN (SELECT user_id FROM old_rows);
  RETURN NULL;
END
$$;

CREATE TRIGGER "memories_keyword_stats_insert" AFTER INSERT ON "memories"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION keyword_stats_on_insert();
CREATE TRIGGER "memories_keyword_stats_update" AFTER UPDATE ON "memories"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION keyword_stats_on_update();
CREATE TRIGGER "memories_keyword_stats_delete" AFTER DELETE ON "memories"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION keyword_stats_on_delete();

-- The memories indexed so far.
INSERT INTO "keyword_stats" (user_id, permission, superseded, memory_count, total_length)
SELECT user_id, permission, superseded_by IS NOT NULL, count(*), sum(keyword_length)
  FROM "memories" WHERE keyword_key_id IS NOT NULL GROUP BY 1, 2, 3;

-- GIN's fast-update list is read in full by every search until a vacuum
-- merges it (up to 4 MB by default): measured at 20,000 memories, 24 ms of a
-- keyword search against 0.5 ms once merged. Writes go straight into the
-- index instead, and what is pending now is merged.
ALTER INDEX "memories_keyword_hashes_idx" SET (fastupdate = off);
SELECT gin_clean_pending_list('memories_keyword_hashes_idx'::regclass);

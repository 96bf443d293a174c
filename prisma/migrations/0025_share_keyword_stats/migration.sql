-- How many shares each principal (a person, or a group) has keyword postings
-- for, and their total length in terms: BM25's memory count and average
-- length for a search of what others shared with a reader, summed over the
-- reader and their groups.
--
-- Those figures were counted from the reader's shares on every search
-- (10,000 index entries) and the average length sampled from 256 of the
-- memories (256 row lookups): about a third of a shared keyword search at
-- 100,000 memories. Kept here by statement-level triggers on
-- share_keyword_postings, whose rows come and go a whole share at a time
-- (migration 0024), so each share counts once, in the same transaction.
-- Like the count it replaces, it includes shares the read rule then drops
-- (expired, no longer `shared`), and a memory shared two ways counts twice:
-- it only moves idf a little, and counts nothing the reader was not given.

CREATE TABLE "share_keyword_stats" (
    "principal_id" UUID NOT NULL,
    "memory_count" BIGINT NOT NULL DEFAULT 0,
    "total_length" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "share_keyword_stats_pkey" PRIMARY KEY ("principal_id")
);

CREATE FUNCTION "share_keyword_stats_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO share_keyword_stats AS k (principal_id, memory_count, total_length)
  SELECT s.principal_id, count(*), sum(s.length)
    FROM (SELECT DISTINCT principal_id, share_id, length FROM new_rows) s
   GROUP BY s.principal_id
  ON CONFLICT (principal_id) DO UPDATE
     SET memory_count = k.memory_count + EXCLUDED.memory_count,
         total_length = k.total_length + EXCLUDED.total_length;
  RETURN NULL;
END
$$;

CREATE FUNCTION "share_keyword_stats_on_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE share_keyword_stats k
     SET memory_count = k.memory_count - d.n, total_length = k.total_length - d.len
    FROM (SELECT s.principal_id, count(*) AS n, sum(s.length) AS len
            FROM (SELECT DISTINCT principal_id, share_id, length FROM old_rows) s
           GROUP BY s.principal_id) d
   WHERE k.principal_id = d.principal_id;
  -- A person or group with no shares left keeps no row.
  DELETE FROM share_keyword_stats k
   USING (SELECT DISTINCT principal_id FROM old_rows) d
   WHERE k.principal_id = d.principal_id AND k.memory_count <= 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER "share_keyword_postings_stats_insert" AFTER INSERT ON "share_keyword_postings"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION share_keyword_stats_on_insert();
CREATE TRIGGER "share_keyword_postings_stats_delete" AFTER DELETE ON "share_keyword_postings"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION share_keyword_stats_on_delete();

-- The postings written so far.
INSERT INTO "share_keyword_stats" (principal_id, memory_count, total_length)
SELECT s.principal_id, count(*), sum(s.length)
  FROM (SELECT DISTINCT principal_id, share_id, length FROM "share_keyword_postings") s
 GROUP BY s.principal_id;

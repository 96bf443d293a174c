-- keyword_postings in the order of each posting's BM25 term weight, so that
-- a search can read a common word's strongest postings first and stop.
--
-- A question of everyday words matched 16,000 to 25,000 postings of one
-- person's 50,000 memories (100,000 in all), and scoring every one of them was
-- most of a hybrid search (README, "Hybrid search"). Own-memory searches now
-- read at most a fixed number of postings per query word, the strongest by
-- this weight: the "champion lists" of Manning, Raghavan and Schütze,
-- Introduction to Information Retrieval (2008), section 7.1.3. How many a word
-- has in all still comes from the primary key, so idf stays exact.
--
-- The weight is BM25's for one posting (k1 = 1.2, b = 0.75) against a nominal
-- average length of 12 terms: for equal frequencies it orders by length alone,
-- which is BM25's order whatever the real average. The search orders by the
-- same expression (server/src/memories/memory-repository.ts, POSTING_WEIGHT).
CREATE INDEX "keyword_postings_weight_idx" ON "keyword_postings"
    ("user_id", "hash", ("tf"::float8 / ("tf" + 1.2 * (0.25 + 0.75 * "length"::float8 / 12))) DESC)
    INCLUDE ("memory_id", "tf", "length", "permission", "superseded", "expires_at");

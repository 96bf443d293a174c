-- The reader's shares, read from the indexes alone.
--
-- A search of memories shared with the reader reads all of the reader's shares
-- (directly and through groups: visibility.ts, sharedWith) into a hash table,
-- and first the distinct people sharing (whose keys hash the query). With the
-- memory ids only in the table, 10,000 shares from 100 people meant visiting
-- every share's row, and the group part scanned the whole table (EXPLAIN
-- ANALYZE at 20,000 memories: 2.8 ms of a 15 ms keyword ranking). The indexes
-- on the reader's side now carry the memory id, so both reads are index-only.
DROP INDEX "memory_shares_user_id_owner_id_idx";
DROP INDEX "memory_shares_group_id_owner_id_idx";
CREATE INDEX "memory_shares_user_id_owner_id_idx" ON "memory_shares"("user_id", "owner_id") INCLUDE ("memory_id");
CREATE INDEX "memory_shares_group_id_owner_id_idx" ON "memory_shares"("group_id", "owner_id") INCLUDE ("memory_id");

-- Whether a memory is shared with a reader now, directly or through a group
-- the reader belongs to: the shared part of the read rule (see
-- server/src/memories/visibility.ts, readableBy), tested for one memory.
--
-- The rule usually tests membership in the reader's whole share set, which
-- PostgreSQL reads once per statement into a hash table: right when many
-- memories are tested (lists, counts, BM25 statistics). An HNSW walk tests
-- only the few memories it visits before it has its results (tens), yet
-- building the set of 10,000 shares cost about 2 ms of a 4 ms search. This
-- function answers for one memory with two index probes (memory_shares by
-- memory and user; by memory and group, then the membership by its key).
--
-- PL/pgSQL, so that the planner does not inline it back into a subquery it
-- would hash; STABLE, since it reads tables and changes nothing. Table names
-- resolve through the caller's search_path, like every other statement.
CREATE FUNCTION "shared_with"(memory UUID, reader UUID) RETURNS BOOLEAN
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM memory_shares ds
                  WHERE ds.memory_id = memory AND ds.user_id = reader)
      OR EXISTS (SELECT 1 FROM memory_shares gs
                   JOIN group_members gm ON gm.group_id = gs.group_id
                  WHERE gs.memory_id = memory AND gm.user_id = reader);
END
$$;

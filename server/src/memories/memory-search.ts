import pgvector from 'pgvector';
import type { Database } from '../db/database.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { ScoredMemory } from './memory.js';
import { parseInput, searchMemoriesInput, type SearchMemoriesInput } from './memory-input.js';
import type { MemoryService } from './memory-service.js';
import { fromSqlRow, MEMORY_COLUMNS, type MemorySqlRow } from './memory-rows.js';
import { vectorExpression } from './vector-index.js';
import { resolveOwnerScope } from './visibility.js';

export interface MemorySearchDeps {
  db: Database;
  embedder: Embedder;
  memories: Pick<MemoryService, 'toMemory'>;
  now?: () => Date;
  /**
   * Scopes with at most this many candidate vectors are scanned exactly; larger
   * ones use the HNSW index with iterative scans. Chosen with `npm run bench`.
   */
  exactScanMax?: number;
}

/** Semantic search over one user's memories. */
export interface MemorySearch {
  /**
   * Searches the actor's own memories (any permission), or with `username`,
   * that user's public ones (all of them when it is the actor). Results are
   * best first, at most `limit`, each at least `minSimilarity` alike.
   */
  search(actorId: string, input: SearchMemoriesInput): Promise<ScoredMemory[]>;
}

interface HitRow extends MemorySqlRow {
  distance: number;
}

export function createMemorySearch(deps: MemorySearchDeps): MemorySearch {
  const { db, embedder, memories } = deps;
  const now = deps.now ?? (() => new Date());
  const exactScanMax = deps.exactScanMax ?? 2_000;
  const { modelPredicate } = vectorExpression(embedder.model, 1);
  // The typed expression needs the dimensions, known once the provider has
  // answered (it may have been down at start-up): made on first use.
  let expression: ReturnType<typeof vectorExpression> | undefined;
  const vectorOf = () => (expression ??= vectorExpression(embedder.model, embedder.dimensions));

  /** Shared filter; $1 owner, $2 now, $3 permission or null, $4 tags or null. */
  const FILTER = `user_id = $1::uuid AND ${modelPredicate}
      AND (expires_at IS NULL OR expires_at > $2)
      AND ($3::permission IS NULL OR permission = $3::permission)
      AND ($4::text[] IS NULL OR tags @> $4::text[])`;

  const countCandidates = async (params: unknown[]) => {
    const [row] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM memories WHERE ${FILTER} LIMIT ${exactScanMax + 1}) candidates`,
      params,
    );
    return row!.n;
  };

  /** Every candidate compared: exact, and cheap when the scope is small. */
  const exactScan = (params: unknown[], limit: number) =>
    db.sql.query<HitRow>(
      `SELECT ${MEMORY_COLUMNS}, embedding <=> $5::vector AS distance
         FROM memories WHERE ${FILTER}
        ORDER BY embedding <=> $5::vector LIMIT ${limit}`,
      params,
    );

  /**
   * HNSW with pgvector 0.8's iterative scan, so filters that discard most
   * neighbours still yield `limit` results; relaxed order is re-sorted here.
   */
  const indexScan = (params: unknown[], limit: number, vector = vectorOf()) =>
    db.sql.withSession((session) =>
      session.transaction(async (tx) => {
        await tx.exec(
          `SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${Math.max(40, limit * 2)};`,
        );
        return tx.query<HitRow>(
          `WITH hits AS MATERIALIZED (
             SELECT ${MEMORY_COLUMNS}, ${vector.column} <=> $5${vector.cast} AS distance
               FROM memories WHERE ${FILTER}
              ORDER BY ${vector.column} <=> $5${vector.cast} LIMIT ${limit})
           SELECT * FROM hits ORDER BY distance`,
          params,
        );
      }),
    );

  return {
    async search(actorId, input) {
      const query = parseInput(searchMemoriesInput, input);
      const scope = await resolveOwnerScope(db, actorId, query.username, query.permission);
      if (!scope) return [];
      const [queryVector] = await embedder.embed([query.query]);
      const params = [
        scope.ownerId,
        now(),
        scope.permission ?? null,
        query.tags?.length ? query.tags : null,
        pgvector.toSql(queryVector),
      ];
      const small = (await countCandidates(params.slice(0, 4))) <= exactScanMax;
      const rows = small
        ? await exactScan(params, query.limit)
        : await indexScan(params, query.limit);
      const minSimilarity = query.minSimilarity ?? embedder.defaultMinSimilarity;
      return rows
        .map((row) => ({ row, score: 1 - Number(row.distance) }))
        .filter(({ score }) => score >= minSimilarity)
        .map(({ row, score }) => ({
          score,
          memory: memories.toMemory(fromSqlRow(row)),
        }));
    },
  };
}

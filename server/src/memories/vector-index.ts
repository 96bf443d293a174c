import { createHash } from 'node:crypto';
import type { SqlDriver } from '../db/sql.js';

/** pgvector's HNSW indexes `vector` up to 2,000 dimensions and `halfvec` up to 4,000. */
const MAX_VECTOR_DIMENSIONS = 2_000;

/** How a model's vectors are compared: the typed expression both index and queries use. */
export interface VectorExpression {
  /** SQL for the indexed expression, e.g. `(embedding::vector(512))`. */
  column: string;
  /** SQL casting a query parameter to the same type, e.g. `::vector(512)`. */
  cast: string;
  /** SQL literal restricting rows to the model (the partial index's predicate). */
  modelPredicate: string;
  indexName: string;
  /** The index of the model's memories marked shared (see {@link ensureVectorIndex}). */
  sharedIndexName: string;
}

/**
 * The `embedding` column holds vectors of any dimension, tagged with their
 * model. Each model gets a partial HNSW index over the column cast to its
 * dimension; queries must use the very same expression and predicate (with
 * the model as a literal) for PostgreSQL to match them to the index.
 */
export function vectorExpression(model: string, dimensions: number): VectorExpression {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 4_000) {
    throw new Error(`cannot index ${dimensions}-dimensional embeddings (at most 4000)`);
  }
  const type = dimensions > MAX_VECTOR_DIMENSIONS ? 'halfvec' : 'vector';
  const slug = createHash('sha256').update(model).digest('hex').slice(0, 12);
  return {
    column: `(embedding::${type}(${dimensions}))`,
    cast: `::${type}(${dimensions})`,
    modelPredicate: `embedding_model = '${model.replaceAll("'", "''")}'`,
    indexName: `memories_embedding_hnsw_${slug}_${dimensions}`,
    sharedIndexName: `memories_embedding_hnsw_${slug}_${dimensions}_shared`,
  };
}

/** Serialises concurrent index builds when several instances start at once. */
const INDEX_LOCK_KEY = 72707370;

/**
 * Creates the HNSW cosine indexes for the active model if they do not exist.
 * On a large table this takes a while; it happens once per model.
 *
 * Two indexes: one over all of the model's memories, and one over those
 * marked shared, which a search of what others shared with the reader
 * (scope `shared`, whose filter says `permission = 'shared'`) walks instead.
 * In the whole graph those are a small part (a tenth at 100,000 memories in
 * `npm run bench`), so a filtered walk visited about three times as many
 * nodes as an own-memory search for the same ten results; in their own
 * graph most nodes pass the filter. pgvector's documentation suggests
 * partial indexes for filters on few distinct values.
 */
export async function ensureVectorIndex(
  sql: SqlDriver,
  model: string,
  dimensions: number,
): Promise<string> {
  const expression = vectorExpression(model, dimensions);
  const opclass = expression.cast.startsWith('::halfvec')
    ? 'halfvec_cosine_ops'
    : 'vector_cosine_ops';
  await sql.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [INDEX_LOCK_KEY]);
    try {
      await session.exec(
        `CREATE INDEX IF NOT EXISTS "${expression.indexName}" ON memories
           USING hnsw (${expression.column} ${opclass}) WHERE ${expression.modelPredicate}`,
      );
      await session.exec(
        `CREATE INDEX IF NOT EXISTS "${expression.sharedIndexName}" ON memories
           USING hnsw (${expression.column} ${opclass})
           WHERE ${expression.modelPredicate} AND permission = 'shared'`,
      );
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [INDEX_LOCK_KEY]);
    }
  });
  return expression.indexName;
}

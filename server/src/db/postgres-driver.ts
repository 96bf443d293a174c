import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlSession } from './sql.js';
import { traceQueries } from '../observability/traced-queries.js';

export interface PostgresDriverOptions {
  url: string;
  /** Schema to work in (Prisma's `?schema=`); `public` stays on the path for extensions. */
  schema?: string | undefined;
  poolMax?: number;
  /** How long to wait for a new connection before failing (ms). */
  connectTimeoutMs?: number;
  onError?: (error: Error) => void;
}

export interface PostgresDriver extends SqlDriver {
  readonly pool: pg.Pool;
}

/** A {@link SqlDriver} over a node-postgres pool. */
export function createPostgresDriver(options: PostgresDriverOptions): PostgresDriver {
  const url = new URL(options.url);
  // `schema` is Prisma's parameter, not libpq's: node-postgres must not see it.
  url.searchParams.delete('schema');
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: options.poolMax ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    ...(options.schema ? { options: `-c search_path="${options.schema}",public` } : {}),
  });
  // An idle client losing its server emits here; without a listener the process dies.
  pool.on('error', (error) => options.onError?.(error));
  // Every query, Prisma's included, becomes a span when tracing is on: those
  // through the pool (whose own calls to a client use callbacks, left alone)
  // and those on a checked-out client (transactions).
  traceQueries(pool, 'postgresql');
  pool.on('connect', (client) => traceQueries(client, 'postgresql'));

  return {
    kind: 'postgres',
    pool,
    query: (text, params) => runQuery(pool, text, params),
    exec: async (script) => {
      await pool.query(script);
    },
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work(sessionOf(client));
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

type Queryable = Pick<pg.Pool, 'query'>;

async function runQuery<Row>(db: Queryable, text: string, params?: unknown[]): Promise<Row[]> {
  const result = await db.query(text, params as unknown[]);
  return result.rows as Row[];
}

function executorOf(client: pg.PoolClient): SqlExecutor {
  return {
    query: (text, params) => runQuery(client, text, params),
    exec: async (script) => {
      await client.query(script);
    },
  };
}

function sessionOf(client: pg.PoolClient): SqlSession {
  const executor = executorOf(client);
  return {
    ...executor,
    async transaction(work) {
      await client.query('BEGIN');
      try {
        const result = await work(executor);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
}

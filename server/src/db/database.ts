import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseConfig } from '../config.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { createPgliteDriver } from './pglite-driver.js';
import { createPostgresDriver } from './postgres-driver.js';
import type { SqlDriver } from './sql.js';

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  /** Raw SQL below Prisma: migrations, health checks, vector queries. */
  readonly sql: SqlDriver;
  /** PostgreSQL pool use (for metrics); undefined on PGlite. */
  poolStats(): { total: number; idle: number; waiting: number } | undefined;
  /** Resolves true when the database answers within `timeoutMs`, false otherwise; never throws. */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  /** Told about connection errors that happen outside any request (idle clients dropped). */
  onBackgroundError?: (error: Error) => void;
}

/**
 * Opens the configured database: PostgreSQL through node-postgres, or the
 * embedded PGlite. Prisma and our raw SQL share one pool / one instance.
 */
export async function createDatabase(
  config: DatabaseConfig,
  options: CreateDatabaseOptions = {},
): Promise<Database> {
  if (config.kind === 'postgres') {
    const driver = createPostgresDriver({
      url: config.url,
      schema: config.schema,
      poolMax: config.poolMax,
      onError: options.onBackgroundError,
    });
    const adapter = new PrismaPg(driver.pool, {
      ...(config.schema ? { schema: config.schema } : {}),
      onPoolError: options.onBackgroundError,
    });
    const { pool } = driver;
    return wrap(driver, new PrismaClient({ adapter }), () => ({
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }));
  }
  const driver = await createPgliteDriver(config.dir);
  return wrap(
    driver,
    new PrismaClient({ adapter: new PrismaPGlite(driver.pglite) }),
    () => undefined,
  );
}

function wrap(sql: SqlDriver, prisma: PrismaClient, poolStats: Database['poolStats']): Database {
  let closing: Promise<void> | undefined;
  return {
    kind: sql.kind,
    prisma,
    sql,
    poolStats,
    ping: (timeoutMs) => ping(sql, timeoutMs),
    close() {
      closing ??= (async () => {
        await prisma.$disconnect();
        await sql.close();
      })();
      return closing;
    },
  };
}

async function ping(sql: SqlDriver, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([sql.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DatabaseConfig } from '../../server/src/config.js';
import { createDatabase, type Database } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';

export interface TestDatabase {
  db: Database;
  config: DatabaseConfig;
  /** Closes the database and removes everything the test created. */
  drop(): Promise<void>;
}

/** True when the suite runs against a real PostgreSQL (`DATABASE_URL` set). */
export const usingPostgres = Boolean(process.env.DATABASE_URL);

/**
 * A database of the test file's own: with `DATABASE_URL`, a fresh schema in
 * that PostgreSQL (dropped afterwards); otherwise an in-memory PGlite.
 * Migrations are applied unless `migrated: false`.
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const schema = usingPostgres ? await createTestSchema() : undefined;
  const config: DatabaseConfig = schema
    ? { kind: 'postgres', url: process.env.DATABASE_URL!, schema, poolMax: 5 }
    : { kind: 'pglite', dir: 'memory://' };
  const db = await createDatabase(config);
  if (migrated) await migrate(db.sql);
  return {
    db,
    config,
    async drop() {
      await db.close();
      if (schema) await dropTestSchema(schema);
    },
  };
}

/** Creates an empty schema in DATABASE_URL's database and returns its name. */
export async function createTestSchema(): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE SCHEMA "${name}"`));
  return name;
}

export async function dropTestSchema(name: string): Promise<void> {
  await withAdmin((client) => client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`));
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

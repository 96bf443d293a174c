import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig, type Config } from '../../server/src/config.js';
import { generateSecrets } from '../../server/src/secrets.js';
import { createDatabase, type Database } from '../../server/src/db/database.js';
import { migrate } from '../../server/src/db/migrate.js';

/**
 * A throwaway database for a benchmark run: a fresh schema of DATABASE_URL's
 * PostgreSQL (dropped afterwards), or an in-memory PGlite. Nothing on disk.
 */
export async function openBenchDatabase(env: Record<string, string> = {}): Promise<{
  config: Config;
  db: Database;
  drop(): Promise<void>;
}> {
  const url = process.env.DATABASE_URL;
  const schema = url ? `bench_${randomBytes(4).toString('hex')}` : undefined;
  if (url) await admin(url, `CREATE SCHEMA "${schema}"`);
  const secrets = generateSecrets();
  const config = loadConfig({
    NODE_ENV: 'test',
    ...(url ? { DATABASE_URL: withSchema(url, schema!) } : { PGLITE_DIR: 'memory://' }),
    COOKIE_KEYS: secrets.cookieKeys.join(','),
    MEMORY_ENCRYPTION_KEY: secrets.memoryEncryptionKey,
    OIDC_JWKS: JSON.stringify({ keys: secrets.jwks }),
    OAUTH_CLIENT_SECRET: secrets.oauthClientSecret,
    LOG_LEVEL: 'silent',
    ...env,
  });
  const db = await createDatabase(config.database);
  await migrate(db.sql);
  return {
    config,
    db,
    async drop() {
      await db.close();
      if (url) await admin(url, `DROP SCHEMA "${schema}" CASCADE`);
    },
  };
}

/** A PostgreSQL URL whose tables live in `schema`. */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}

/** Runs one administrative statement (CREATE or DROP SCHEMA) on its own connection. */
export async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

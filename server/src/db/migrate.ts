import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlDriver, SqlSession } from './sql.js';

/** `prisma/migrations`, found from this file so it works from any working directory. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../prisma/migrations', import.meta.url),
);

/**
 * The advisory lock key Prisma Migrate itself takes, so this runner and
 * `prisma migrate deploy` (where its engine is available) never overlap.
 */
const MIGRATION_LOCK_KEY = 72707369;

/** Prisma's bookkeeping table, created exactly as Prisma Migrate creates it. */
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

export interface Migration {
  name: string;
  sql: string;
  /** sha256 of the file's bytes, hex: the checksum Prisma records. */
  checksum: string;
}

/** The migrations cannot be applied as they stand; the message says why. */
export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export interface MigrateOptions {
  dir?: string;
  /** Told about each migration as it is applied. */
  onApplied?: (name: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/** Reads `<dir>/<name>/migration.sql` for every migration folder, in name order. */
export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      if (!fs.existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql`);
      const bytes = fs.readFileSync(file);
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    });
}

/**
 * Applies pending migrations in order, each in its own transaction together
 * with its `_prisma_migrations` record, while holding a Postgres advisory lock:
 * instances starting together apply each migration exactly once.
 */
export async function migrate(
  driver: SqlDriver,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrations = readMigrations(options.dir);
  return driver.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(session, migrations, options);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

async function applyPending(
  session: SqlSession,
  migrations: Migration[],
  options: MigrateOptions,
): Promise<MigrateResult> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await session.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
  );
  const applied = new Map<string, AppliedRow>();
  for (const row of rows) {
    if (row.rolled_back_at) continue;
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} failed earlier and was never resolved; ` +
          'fix the database, then mark it with `prisma migrate resolve`',
      );
    }
    applied.set(row.migration_name, row);
  }

  const result: MigrateResult = { applied: [], alreadyApplied: 0 };
  for (const migration of migrations) {
    const done = applied.get(migration.name);
    if (done) {
      if (done.checksum !== migration.checksum) {
        throw new MigrationError(
          `migration ${migration.name} was changed after it was applied; ` +
            'restore the original file and add a new migration instead',
        );
      }
      result.alreadyApplied += 1;
      continue;
    }
    try {
      await session.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query(
          `INSERT INTO "_prisma_migrations"
             (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
      });
    } catch (error) {
      throw new MigrationError(
        `migration ${migration.name} failed and was rolled back: ${(error as Error).message}`,
        { cause: error },
      );
    }
    result.applied.push(migration.name);
    options.onApplied?.(migration.name);
  }
  return result;
}

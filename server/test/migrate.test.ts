import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createDatabase, type Database } from '../src/db/database.js';
import { migrate, MigrationError, readMigrations } from '../src/db/migrate.js';
import {
  createTestDatabase,
  usingPostgres,
  type TestDatabase,
} from '../../test/support/test-database.js';

let dir: string;
let test: TestDatabase;

function writeMigration(name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

async function counterRows(db: Database): Promise<string[]> {
  const rows = await db.sql.query<{ name: string }>('SELECT name FROM counter ORDER BY name');
  return rows.map((row) => row.name);
}

async function records(db: Database) {
  return db.sql.query<{
    id: string;
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    logs: string | null;
    rolled_back_at: Date | null;
    applied_steps_count: number;
  }>('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-migrations-'));
  // The first migration takes a moment inside its transaction, so runners
  // started together overlap for real.
  writeMigration(
    '0001_counter',
    "CREATE TABLE counter (name text PRIMARY KEY);\nINSERT INTO counter VALUES ('0001');\nSELECT pg_sleep(0.3);\n",
  );
  writeMigration('0002_more', "INSERT INTO counter VALUES ('0002');\n");
  test = await createTestDatabase({ migrated: false });
});

afterEach(async () => {
  await test.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies pending migrations in order and records them as Prisma does', async () => {
    const result = await migrate(test.db.sql, { dir });
    expect(result).toEqual({ applied: ['0001_counter', '0002_more'], alreadyApplied: 0 });
    expect(await counterRows(test.db)).toEqual(['0001', '0002']);

    const rows = await records(test.db);
    expect(rows.map((row) => row.migration_name)).toEqual(['0001_counter', '0002_more']);
    for (const row of rows) {
      const file = fs.readFileSync(path.join(dir, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('is idempotent: a second run applies nothing', async () => {
    await migrate(test.db.sql, { dir });
    const again = await migrate(test.db.sql, { dir });
    expect(again).toEqual({ applied: [], alreadyApplied: 2 });
    expect(await counterRows(test.db)).toEqual(['0001', '0002']);
    expect(await records(test.db)).toHaveLength(2);
  });

  it('applies only what is new', async () => {
    await migrate(test.db.sql, { dir });
    writeMigration('0003_later', "INSERT INTO counter VALUES ('0003');");
    expect(await migrate(test.db.sql, { dir })).toEqual({
      applied: ['0003_later'],
      alreadyApplied: 2,
    });
  });

  it('rolls a failing migration back whole, records nothing, and names it', async () => {
    await migrate(test.db.sql, { dir });
    writeMigration(
      '0003_broken',
      "INSERT INTO counter VALUES ('0003');\nSELECT * FROM no_such_table;",
    );
    await expect(migrate(test.db.sql, { dir })).rejects.toThrow(
      /migration 0003_broken failed and was rolled back: .*no_such_table/,
    );
    expect(await counterRows(test.db)).toEqual(['0001', '0002']);
    expect(await records(test.db)).toHaveLength(2);

    // Once fixed, it applies.
    writeMigration('0003_broken', "INSERT INTO counter VALUES ('0003');");
    expect((await migrate(test.db.sql, { dir })).applied).toEqual(['0003_broken']);
  });

  it('refuses a migration edited after it was applied', async () => {
    await migrate(test.db.sql, { dir });
    writeMigration('0002_more', "INSERT INTO counter VALUES ('0002'), ('extra');\n");
    await expect(migrate(test.db.sql, { dir })).rejects.toThrow(
      new MigrationError(
        'migration 0002_more was changed after it was applied; restore the original file and add a new migration instead',
      ),
    );
  });

  it('refuses to go on past a failed, unresolved migration recorded by Prisma', async () => {
    await migrate(test.db.sql, { dir });
    await test.db.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs)
       VALUES (gen_random_uuid()::text, 'x', '0003_failed', 'boom')`,
    );
    writeMigration('0004_next', "INSERT INTO counter VALUES ('0004');");
    await expect(migrate(test.db.sql, { dir })).rejects.toThrow(
      /migration 0003_failed failed earlier and was never resolved/,
    );
    expect(await counterRows(test.db)).toEqual(['0001', '0002']);
  });

  it(`applies each migration exactly once when two runners start together (${usingPostgres ? 'PostgreSQL, two connections' : 'PGlite'})`, async () => {
    // On PostgreSQL the second runner is a separate pool: only the advisory lock keeps them apart.
    const other = usingPostgres ? await createDatabase(test.config) : test.db;
    try {
      const results = await Promise.all([
        migrate(test.db.sql, { dir }),
        migrate(other.sql, { dir }),
      ]);
      expect(results.flatMap((result) => result.applied).sort()).toEqual([
        '0001_counter',
        '0002_more',
      ]);
      expect(await counterRows(test.db)).toEqual(['0001', '0002']);
      expect(await records(test.db)).toHaveLength(2);
    } finally {
      if (other !== test.db) await other.close();
    }
  });
});

describe('the project’s migrations', () => {
  it('are numbered folders, each with a migration.sql', () => {
    const names = readMigrations().map((migration) => migration.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
  });

  it('enable pgvector', async () => {
    await migrate(test.db.sql);
    const rows = await test.db.sql.query<{ distance: number }>(
      "SELECT '[1,0]'::vector <=> '[0,1]'::vector AS distance",
    );
    expect(rows[0]!.distance).toBeCloseTo(1);
  });
});

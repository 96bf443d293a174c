import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createDatabase } from '../../src/db/database.js';
import { REPO_ROOT } from '../../../scripts/lib/spawn-app.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import {
  createTestDatabase,
  dropTestSchema,
  usingPostgres,
} from '../../../test/support/test-database.js';

/**
 * The README's PostgreSQL backup advice, tried for real: pg_dump in the
 * custom format, the database (here: the test's schema) dropped, pg_restore,
 * and Picard reads back every memory (decrypted) and finds it by vector
 * search. pgvector's column type and HNSW index come back with it. Without
 * DATABASE_URL there is no PostgreSQL to try: the test then checks that the
 * README gives the commands the PostgreSQL run executes.
 */

const run = promisify(execFile);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-pg-dump-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/**
 * A PostgreSQL client tool: on PATH, else in Debian's versioned folders
 * (newest first). Its absence fails the test with what to install.
 */
function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, name))
    .find((file) => fs.existsSync(file));
  if (onPath) return onPath;
  const debian = '/usr/lib/postgresql';
  const versions = fs.existsSync(debian)
    ? fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))
    : [];
  const found = versions
    .map((version) => path.join(debian, version, 'bin', name))
    .find((file) => fs.existsSync(file));
  if (found) return found;
  throw new Error(
    `${name} was not found on PATH or under ${debian}/*/bin. This test runs the README's backup commands for real: install the PostgreSQL client tools of the server's major version or newer (Debian: apt-get install postgresql-client-15) or put ${name} on PATH.`,
  );
}

/** DATABASE_URL without its query (libpq refuses Prisma's `schema` parameter). */
const libpqUrl = () => {
  const url = new URL(process.env.DATABASE_URL!);
  url.search = '';
  return url.toString();
};

describe('PostgreSQL backups with pg_dump and pg_restore (README, "Backups")', () => {
  it(
    usingPostgres
      ? 'dumps, drops, restores: every memory reads back and is found by vector search'
      : 'the README gives the commands the PostgreSQL run executes',
    async () => {
      const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
      expect(readme).toContain('pg_dump --format=custom --no-owner');
      expect(readme).toContain('pg_restore --no-owner');
      expect(readme).toContain('CREATE EXTENSION vector');
      if (!usingPostgres) return;

      const pgDump = findPgTool('pg_dump');
      const pgRestore = findPgTool('pg_restore');
      const test = await createTestDatabase();
      const schema = (test.config as { schema: string }).schema;
      const store = await createTestStore(test.db);
      const user = await createUser(test.db, 'picard');
      const texts = ['Tea, Earl Grey, hot', 'The Ressikan flute', 'Château Picard, La Barre'];
      for (const text of texts) await store.memories.create(user.id, { text, tags: ['captain'] });
      const file = path.join(folder, 'picard.dump');
      try {
        await run(pgDump, [
          '--format=custom',
          '--no-owner',
          `--schema=${schema}`,
          `--file=${file}`,
          `--dbname=${libpqUrl()}`,
        ]);
        await test.db.close();
        await dropTestSchema(schema);
        await run(pgRestore, ['--no-owner', '--exit-on-error', `--dbname=${libpqUrl()}`, file]);

        const db = await createDatabase({ ...test.config, kind: 'postgres' } as never);
        try {
          const restored = await createTestStore(db);
          const page = await restored.memories.list(user.id, { limit: 10 });
          expect(page.items.map((memory) => memory.text).sort()).toEqual([...texts].sort());
          expect(page.items.every((memory) => !memory.embeddingPending)).toBe(true);
          const hits = await restored.search.search(user.id, { query: 'a flute', limit: 1 });
          expect(hits[0]?.memory.text).toBe('The Ressikan flute');
          const indexes = await db.sql.query<{ indexdef: string }>(
            `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexdef LIKE '%hnsw%'`,
            [schema],
          );
          expect(indexes.length).toBeGreaterThan(0);
          await restored.embedder.close?.();
        } finally {
          await db.close();
        }
      } finally {
        await store.embedder.close?.();
        await test.drop();
      }
    },
    120_000,
  );
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { REPO_ROOT } from '../../../scripts/lib/spawn-app.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';
import {
  createTestSchema,
  dropTestSchema,
  usingPostgres,
} from '../../../test/support/test-database.js';

/** `npm run export` and `npm run import`, run as the commands they are. */

const run = promisify(execFile);
let dataDir: string;
let schema: string | undefined;
let env: Record<string, string>;
let source: { username: string };
let target: { id: string; username: string };

/** The test's database; the embedded one may be open in one process at a time, so only briefly. */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await createDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, schema, poolMax: 2 }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
  );
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

const cli = (name: 'export' | 'import', args: string[]) =>
  run(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, `server/src/transfer/${name}-cli.ts`), ...args],
    { cwd: REPO_ROOT, env },
  );

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-transfer-cli-'));
  schema = usingPostgres ? await createTestSchema() : undefined;
  const databaseUrl = schema ? new URL(process.env.DATABASE_URL!) : undefined;
  databaseUrl?.searchParams.set('schema', schema!);
  env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...testSecretsEnv(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl.toString() } : {}),
  };
  await withDatabase(async (db) => {
    await migrate(db.sql);
    const store = await createTestStore(db);
    const owner = await createUser(db, 'picard');
    source = owner;
    await store.memories.create(owner.id, { text: 'Tea, Earl Grey, hot', tags: ['tea'] });
    await store.memories.create(owner.id, { text: 'The Ressikan flute', permission: 'public' });
    target = await createUser(db, 'data');
    await store.embedder.close?.();
  });
}, 120_000);
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (schema) await dropTestSchema(schema);
});

describe('npm run export / npm run import', () => {
  it('exports a user to a file and imports it into another with a progress bar, once', async () => {
    const file = path.join(dataDir, 'picard.jsonl');
    const exported = await cli('export', ['--user', source.username, '--out', file]);
    expect(exported.stdout).toBe(`exported 2 memories of ${source.username} to ${file}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'picard-memories' });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ type: 'end', memories: 2 });

    const markdown = path.join(dataDir, 'picard.md');
    await cli('export', ['--user', source.username, '--out', markdown, '--format', 'markdown']);
    expect(fs.readFileSync(markdown, 'utf8')).toContain('The Ressikan flute');

    const imported = await cli('import', ['--user', target.username, file]);
    expect(imported.stdout).toMatch(
      /^imported 2 memories \(picard\); skipped 0, invalid 0\ndone: import [0-9a-f-]{36}\n$/,
    );
    expect(imported.stderr).toMatch(/embedding \[#{30}\] 100% 2\/2\n$/);
    const rows = await withDatabase((db) =>
      db.prisma.memory.findMany({ where: { userId: target.id }, orderBy: { createdAt: 'asc' } }),
    );
    expect(rows.map((row) => [row.permission, row.embeddingModel !== null])).toEqual([
      ['private', true],
      ['private', true], // public in the file, private without --allow-public
    ]);

    const again = await cli('import', ['--user', target.username, file]);
    expect(again.stdout).toBe(
      [
        'line 2: skipped (already imported)',
        'line 3: skipped (already imported)',
        'imported 0 memories (picard); skipped 2, invalid 0',
        '',
      ].join('\n'),
    );
  }, 120_000);

  it('says what is wrong, line by line, and exits non-zero', async () => {
    const bad = path.join(dataDir, 'bad.jsonl');
    fs.writeFileSync(
      bad,
      '{"type":"entity","name":"Q","entityType":"being","observations":[]}\n{oops\n',
    );
    await expect(cli('import', ['--user', target.username, bad])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^line 2: not valid JSON\npicard import: nothing was imported/),
    });
    await expect(cli('export', ['--user', 'nobody-here', '--out', bad])).rejects.toMatchObject({
      code: 1,
      stderr: 'picard export: no user named "nobody-here"\n',
    });
    await expect(cli('import', ['--user', target.username])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^picard import: usage: npm run import -- --user NAME FILE/),
    });
  }, 120_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { migrate } from '../../src/db/migrate.js';
import { createCliSandbox, type CliSandbox } from '../../../test/support/cli-sandbox.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';

/** `npm run export` and `npm run import`, run as the commands they are. */

let sandbox: CliSandbox;
let source: { username: string };
let target: { id: string; username: string };

const cli = (name: 'export' | 'import', args: string[]) =>
  sandbox.command(`transfer/${name}-cli.ts`, args);
const withDatabase: CliSandbox['withDatabase'] = (work) => sandbox.withDatabase(work);

beforeAll(async () => {
  sandbox = await createCliSandbox('transfer-cli', { LOG_LEVEL: 'warn' });
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
afterAll(() => sandbox.close());

describe('npm run export / npm run import', () => {
  it('exports a user to a file and imports it into another with a progress bar, once', async () => {
    const file = path.join(sandbox.dataDir, 'picard.jsonl');
    const exported = await cli('export', ['--user', source.username, '--out', file]);
    expect(exported.stdout).toBe(`exported 2 memories of ${source.username} to ${file}\n`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'picard-memories' });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ type: 'end', memories: 2 });

    const markdown = path.join(sandbox.dataDir, 'picard.md');
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
    const bad = path.join(sandbox.dataDir, 'bad.jsonl');
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

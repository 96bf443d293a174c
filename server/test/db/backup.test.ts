import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { REPO_ROOT, spawnApp, type SpawnedApp } from '../../../scripts/lib/spawn-app.js';
import { resourceUser } from '../../../scripts/lib/resource-users.js';

/**
 * `npm run db:backup` and `npm run db:restore` on the embedded database: a
 * backup taken while the real server serves (the server makes the copy), a
 * restore refused while it runs, and after a restore the server comes back
 * with exactly what the backup held.
 */

const run = promisify(execFile);
const SERVER = 'server/src/main.ts';
let dataDir: string;
let env: Record<string, string>;
let running: SpawnedApp | undefined;

const cli = (name: 'backup' | 'restore', args: string[]) =>
  run(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, `server/src/db/${name}-cli.ts`), ...args],
    { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } },
  );

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-backup-'));
  const port = await freePort();
  // The embedded database, whatever the suite runs on (spawnApp passes no DATABASE_URL).
  env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
});
afterAll(async () => {
  await running?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('backups of the embedded database', () => {
  it('backs up while the server serves, refuses to restore under it, and restores once it is stopped', async () => {
    running = spawnApp(SERVER, env);
    const url = await running.ready;
    const user = await resourceUser({ url, config: loadConfig({ ...env }) }, { prefix: 'picard' });
    const create = async (text: string) => {
      const res = await user.call('/api/v1/memories', { json: { text } });
      expect(res.status).toBe(201);
    };
    const texts = async () => {
      const res = await user.call('/api/v1/memories?limit=100');
      return ((await res.json()) as { items: { text: string }[] }).items.map((m) => m.text);
    };
    await create('Before the backup: Tea, Earl Grey, hot');

    const file = path.join(dataDir, 'picard-backup.tar.gz');
    const backup = await cli('backup', ['--out', file]);
    expect(backup.stdout).toMatch(/has the database open; asking it for the backup\n/);
    expect(backup.stdout).toMatch(/backed up .* \(\d+ bytes\)\n$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The gzip magic number: a tarball, as PGlite's dumpDataDir writes it.
    expect([...fs.readFileSync(file).subarray(0, 2)]).toEqual([0x1f, 0x8b]);

    // The server kept serving, and goes on changing the database after the copy.
    await create('After the backup: the Ressikan flute');
    expect((await texts()).sort()).toEqual([
      'After the backup: the Ressikan flute',
      'Before the backup: Tea, Earl Grey, hot',
    ]);

    await expect(cli('restore', [file])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^picard db:restore: the server \(process \d+\) has the database open; stop it first, then restore\n$/,
      ),
    });

    expect(await running.stop('SIGTERM')).toBe(0);
    const restored = await cli('restore', [file]);
    expect(restored.stdout).toMatch(
      /^restored .*pglite from .*\nthe previous database is kept in .*pglite\.before-restore-/,
    );

    running = spawnApp(SERVER, env);
    await running.ready;
    // Exactly what the backup held: the account, its token's grant, the first memory only.
    expect(await texts()).toEqual(['Before the backup: Tea, Earl Grey, hot']);

    // A file that is not a backup is refused, and the database stays as it was.
    expect(await running.stop('SIGTERM')).toBe(0);
    const junk = path.join(dataDir, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a backup');
    await expect(cli('restore', [junk])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is not a usable backup/),
    });
    running = spawnApp(SERVER, env);
    await running.ready;
    expect(await texts()).toEqual(['Before the backup: Tea, Earl Grey, hot']);
  }, 300_000);
});

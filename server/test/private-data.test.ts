import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { loadDevSecrets } from '../src/secrets.js';

/** Every path under `root` (root included) that group or others may use. */
function openToOthers(root: string): string[] {
  const found: string[] = [];
  const walk = (target: string) => {
    const stat = fs.lstatSync(target);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) found.push(`${target} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory())
      for (const entry of fs.readdirSync(target)) walk(path.join(target, entry));
  };
  walk(root);
  return found;
}

describe('the embedded data folder', () => {
  let root: string;
  let umask: number;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-private-'));
    // A common default: new files readable by everyone.
    umask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('is private to its owner, with every file in it, even when it existed as 0755', async () => {
    const dataDir = path.join(root, 'data');
    const pgliteDir = path.join(dataDir, 'pglite');
    fs.mkdirSync(pgliteDir, { recursive: true });
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(pgliteDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'notes.txt'), 'left by someone', { mode: 0o644 });

    loadDevSecrets(dataDir);
    const db = await createDatabase({ kind: 'pglite', dir: pgliteDir });
    try {
      await migrate(db.sql);
      await db.prisma.user.create({ data: { username: 'tuvok', email: 'tuvok@example.com' } });
    } finally {
      await db.close();
    }
    expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(openToOthers(pgliteDir)).toEqual([]);
    expect(fs.readdirSync(pgliteDir).length).toBeGreaterThan(0);
  });
});

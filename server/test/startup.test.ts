import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createDatabase } from '../src/db/database.js';
import { DirectoryLockedError } from '../src/db/dir-lock.js';
import { readMigrations } from '../src/db/migrate.js';
import { REPO_ROOT, spawnApp } from '../../scripts/lib/spawn-app.js';

const SERVER = path.join(REPO_ROOT, 'server/src/main.ts');
const MIGRATE_CLI = path.join(REPO_ROOT, 'server/src/db/migrate-cli.ts');
const run = promisify(execFile);

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-start-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('starting with bad configuration', () => {
  it.each([
    ['a malformed DATABASE_URL', { DATABASE_URL: 'postgres//nohost' }, 'DATABASE_URL'],
    ['an invalid port', { PORT: '99999' }, 'PORT'],
    [
      'a production start without secrets',
      { NODE_ENV: 'production', PUBLIC_URL: 'https://picard.example.com' },
      'COOKIE_KEYS',
    ],
  ])('exits non-zero with one line naming the variable: %s', async (_case, env, variable) => {
    const app = spawnApp(SERVER, { DATA_DIR: dataDir, ...env });
    expect(await app.exited).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^picard-server: configuration error: ${variable} `));
    // Nothing was generated or opened on the way out.
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });
});

describe('the embedded default', () => {
  it('starts with an empty data directory, and data survives a restart', async () => {
    const env = { DATA_DIR: dataDir, PORT: '0' };
    const first = spawnApp(SERVER, env);
    const url = await first.ready;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const secretsFile = path.join(dataDir, 'secrets.json');
    const secrets = fs.readFileSync(secretsFile, 'utf8');
    expect(fs.statSync(secretsFile).mode & 0o777).toBe(0o600);

    // Only one process may open the embedded database.
    const pgliteDir = path.join(dataDir, 'pglite');
    await expect(createDatabase({ kind: 'pglite', dir: pgliteDir })).rejects.toThrow(
      DirectoryLockedError,
    );
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(fs.existsSync(`${pgliteDir}.lock`)).toBe(false);

    // Write while the server is stopped, then restart it.
    let db = await createDatabase({ kind: 'pglite', dir: pgliteDir });
    await db.prisma.user.create({ data: { username: 'jean-luc', email: 'jl@example.com' } });
    await db.close();

    const second = spawnApp(SERVER, env);
    await second.ready;
    expect(await second.stop('SIGINT')).toBe(0);

    db = await createDatabase({ kind: 'pglite', dir: pgliteDir });
    try {
      expect(await db.prisma.user.findUnique({ where: { username: 'jean-luc' } })).toMatchObject({
        email: 'jl@example.com',
      });
      const applied = await db.sql.query('SELECT migration_name FROM "_prisma_migrations"');
      expect(applied).toHaveLength(readMigrations().length);
    } finally {
      await db.close();
    }
    expect(fs.readFileSync(secretsFile, 'utf8')).toBe(secrets);
  });
});

describe('npm run db:migrate', () => {
  const migrateCli = (env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', MIGRATE_CLI], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });

  it('applies pending migrations once, then reports the database up to date', async () => {
    const count = readMigrations().length;
    const first = await migrateCli({ DATA_DIR: dataDir });
    expect(first.stdout).toContain(`${count} applied, 0 already up to date`);
    const second = await migrateCli({ DATA_DIR: dataDir });
    expect(second.stdout).toContain(`0 applied, ${count} already up to date`);
  });

  it('refuses, saying why, while a server holds the embedded database', async () => {
    const server = spawnApp(SERVER, { DATA_DIR: dataDir, PORT: '0' });
    await server.ready;
    try {
      await expect(migrateCli({ DATA_DIR: dataDir })).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/is in use by process \d+; stop that process first/),
      });
    } finally {
      await server.stop();
    }
  });
});

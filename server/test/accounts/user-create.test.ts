import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAccountService } from '../../src/accounts/accounts.js';
import { createDatabase } from '../../src/db/database.js';
import { REPO_ROOT, spawnApp } from '../../../test/support/spawn-app.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';
import {
  createTestSchema,
  dropTestSchema,
  usingPostgres,
} from '../../../test/support/test-database.js';

const run = promisify(execFile);
const CLI = path.join(REPO_ROOT, 'server/src/accounts/user-create-cli.ts');
let dataDir: string;
let schema: string | undefined;
let env: Record<string, string>;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-user-'));
  schema = usingPostgres ? await createTestSchema() : undefined;
  const databaseUrl = schema ? new URL(process.env.DATABASE_URL!) : undefined;
  databaseUrl?.searchParams.set('schema', schema!);
  env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    ...testSecretsEnv(),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl.toString() } : {}),
  };
});
afterEach(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (schema) await dropTestSchema(schema);
});

const userCreate = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env });

describe('npm run user:create', () => {
  it('creates an account that can then sign in', async () => {
    const { stdout } = await userCreate(
      '--username',
      'Janeway',
      '--email',
      'janeway@example.com',
      '--password',
      'coffee, black',
    );
    expect(stdout).toMatch(/^created user janeway \([0-9a-f-]{36}\)/);
    const db = await createDatabase(
      env.DATABASE_URL
        ? { kind: 'postgres', url: env.DATABASE_URL, schema, poolMax: 1 }
        : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
    );
    try {
      expect(
        await createAccountService({ db }).authenticate('janeway', 'coffee, black'),
      ).toMatchObject({
        username: 'janeway',
      });
    } finally {
      await db.close();
    }
  });

  it.each([
    [['--username', 'x'], 'usage: npm run user:create'],
    [
      ['--username', 'ok-name', '--email', 'bad', '--password', 'long enough pw'],
      'Enter a valid email address.',
    ],
    [
      ['--username', 'ok-name', '--email', 'a@example.com', '--password', 'short'],
      'Passwords must be at least 10',
    ],
  ])('refuses %j with a clear message', async (args, message) => {
    await expect(userCreate(...args)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(message),
    });
  });

  it(
    usingPostgres
      ? 'works while the server is running (PostgreSQL)'
      : 'says the embedded server must be stopped first',
    async () => {
      const server = spawnApp(path.join(REPO_ROOT, 'server/src/main.ts'), { ...env, PORT: '0' });
      await server.ready;
      try {
        const attempt = userCreate(
          '--username',
          'sevenofnine',
          '--email',
          'seven@example.com',
          '--password',
          'resistance is futile',
        );
        if (usingPostgres) {
          expect((await attempt).stdout).toContain('created user sevenofnine');
        } else {
          await expect(attempt).rejects.toMatchObject({
            code: 1,
            stderr: expect.stringMatching(/in use by process \d+.*Stop the server, run this again/),
          });
        }
      } finally {
        await server.stop();
      }
    },
  );
});

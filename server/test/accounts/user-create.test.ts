import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createAccountService } from '../../src/accounts/accounts.js';
import { readPassword } from '../../src/accounts/user-create-cli.js';
import { createDatabase } from '../../src/db/database.js';
import { REPO_ROOT, spawnApp } from '../../../scripts/lib/spawn-app.js';
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

/** Runs the command with `stdin` as its standard input (a pipe, not a terminal). */
function userCreate(args: string[], stdin = '') {
  const running = run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: REPO_ROOT, env });
  running.child.stdin!.end(stdin);
  return running;
}

describe('npm run user:create', () => {
  it('creates an account that can then sign in', async () => {
    const { stdout } = await userCreate(
      ['--username', 'Janeway', '--email', 'janeway@example.com', '--password-stdin'],
      'coffee, black\n',
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

  it('refuses a password on the command line and says how to give it instead', async () => {
    const attempt = userCreate(
      ['--username', 'ok-name', '--email', 'a@example.com', '--password', 'long enough pw'],
      'long enough pw\n',
    );
    await expect(attempt).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--password on the command line is refused.*--password-stdin/),
    });
  });

  it.each([
    [['--username', 'x'], '', 'usage: npm run user:create'],
    [['--username', 'ok-name', '--email', 'a@example.com'], '', 'no password on standard input'],
    [
      ['--username', 'ok-name', '--email', 'bad'],
      'long enough pw\n',
      'Enter a valid email address.',
    ],
    [
      ['--username', 'ok-name', '--email', 'a@example.com', '--password-stdin'],
      'short\n',
      'Passwords must be at least 10',
    ],
  ])('refuses %j with stdin %j with a clear message', async (args, stdin, message) => {
    await expect(userCreate(args, stdin)).rejects.toMatchObject({
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
          ['--username', 'sevenofnine', '--email', 'seven@example.com'],
          'resistance is futile\n',
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

/** A terminal: a stream with raw mode, as process.stdin is in an interactive shell. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      input.rawModes.push(mode);
      return input;
    },
  });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
  return { input, output, shown: () => shown };
}

describe('the password prompt on a terminal', () => {
  it('asks twice without echo, honours backspace, and restores the terminal', async () => {
    const terminal = fakeTerminal();
    const password = readPassword(terminal.input, terminal.output);
    terminal.input.write('coffee, blakc\u007f\u007fck\r');
    await new Promise((resolve) => setImmediate(resolve));
    terminal.input.write('coffee, black\r');
    await expect(password).resolves.toBe('coffee, black');
    expect(terminal.shown()).toBe('Password: \nRepeat the password: \n');
    expect(terminal.input.rawModes).toEqual([true, false, true, false]);
  });

  it('refuses two different entries, and stops on Ctrl+C', async () => {
    const mismatch = fakeTerminal();
    const different = readPassword(mismatch.input, mismatch.output);
    mismatch.input.write('coffee, black\r');
    await new Promise((resolve) => setImmediate(resolve));
    mismatch.input.write('coffee, white\r');
    await expect(different).rejects.toThrow('the passwords do not match');

    const cancel = fakeTerminal();
    const cancelled = readPassword(cancel.input, cancel.output);
    cancel.input.write('coff\u0003');
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(cancel.input.rawModes).toEqual([true, false]);
  });
});

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createDatabase, type Database } from '../../src/db/database.js';
import { REPO_ROOT } from '../../../scripts/lib/spawn-app.js';
import { testSecretsEnv } from '../../../test/support/test-config.js';
import {
  createTestSchema,
  dropTestSchema,
  usingPostgres,
} from '../../../test/support/test-database.js';

const run = promisify(execFile);
let dataDir: string;
let schema: string | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-admin-cli-'));
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
afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (schema) await dropTestSchema(schema);
});

/** Runs one operator command (`server/src/<script>`) with `stdin` piped in. */
function command(script: string, args: string[], stdin = '') {
  const running = run(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'server/src', script), ...args],
    { cwd: REPO_ROOT, env },
  );
  running.child.stdin!.end(stdin);
  return running;
}

/** Opens the commands' database (after they have exited: PGlite allows one process). */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await createDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, schema, poolMax: 1 }
      : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
  );
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

describe('operator commands', () => {
  it('user:create --admin, user:role and client:create', async () => {
    const created = await command(
      'accounts/user-create-cli.ts',
      ['--username', 'Sisko', '--email', 'sisko@example.com', '--admin', '--password-stdin'],
      'the prophets walk with you\n',
    );
    expect(created.stdout).toMatch(/^created administrator sisko /);
    await command(
      'accounts/user-create-cli.ts',
      ['--username', 'nog', '--email', 'nog@example.com', '--password-stdin'],
      'the prophets walk with you\n',
    );

    const promoted = await command('accounts/user-role-cli.ts', ['nog', 'admin']);
    expect(promoted.stdout).toBe('nog is now an administrator\n');
    const demoted = await command('accounts/user-role-cli.ts', ['sisko', 'user']);
    expect(demoted.stdout).toBe('sisko is now a user\n');
    await expect(command('accounts/user-role-cli.ts', ['nobody', 'admin'])).rejects.toMatchObject({
      code: 1,
      stderr: 'user:role: User not found.\n',
    });
    await expect(command('accounts/user-role-cli.ts', ['nog', 'captain'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('usage: npm run user:role'),
    });

    const client = await command('admin/client-create-cli.ts', [
      '--name',
      'Ops dashboard',
      '--redirect-uri',
      'https://ops.example.com/callback',
    ]);
    const clientId = /^client_id=(picard-\S+)$/m.exec(client.stdout)![1]!;
    const secret = /^client_secret=(\S{43})$/m.exec(client.stdout)![1]!;
    await expect(
      command('admin/client-create-cli.ts', ['--name', 'Bad', '--redirect-uri', 'ftp://x/']),
    ).rejects.toMatchObject({ code: 1 });

    await withDatabase(async (db) => {
      const roles = await db.prisma.user.findMany({
        select: { username: true, role: true },
        orderBy: { username: 'asc' },
      });
      expect(roles).toEqual([
        { username: 'nog', role: 'admin' },
        { username: 'sisko', role: 'user' },
      ]);
      const stored = await db.prisma.oidcPayload.findUnique({
        where: { id_type: { id: clientId, type: 'Client' } },
      });
      expect(stored?.payload).toMatchObject({
        client_secret: secret,
        client_name: 'Ops dashboard',
        redirect_uris: ['https://ops.example.com/callback'],
        token_endpoint_auth_method: 'client_secret_basic',
      });
      expect(await db.prisma.preregisteredClient.count()).toBe(1);
      const trail = await db.prisma.adminAuditEntry.findMany({ orderBy: { createdAt: 'asc' } });
      expect(trail.map((entry) => [entry.surface, entry.action, entry.target])).toEqual([
        ['cli', 'user.role', 'nog: admin'],
        ['cli', 'user.role', 'sisko: user'],
        ['cli', 'client.create', clientId],
      ]);
    });
  }, 180_000);
});

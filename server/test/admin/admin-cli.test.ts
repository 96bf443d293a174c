import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCliSandbox, type CliSandbox } from '../../../test/support/cli-sandbox.js';

let sandbox: CliSandbox;
beforeAll(async () => {
  sandbox = await createCliSandbox('admin-cli');
});
afterAll(() => sandbox.close());

const command = (script: string, args: string[], stdin?: string) =>
  sandbox.command(script, args, stdin);
const withDatabase: CliSandbox['withDatabase'] = (work) => sandbox.withDatabase(work);

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

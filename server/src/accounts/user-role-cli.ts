import { parseArgs } from 'node:util';
import { createAdminAudit } from '../admin/admin-audit.js';
import { NotFoundError } from '../errors/domain-errors.js';
import { createAccountService } from './accounts.js';
import { cliActor, isMain, runCommand, UsageError } from './command-cli.js';

/**
 * `npm run user:role -- NAME admin|user`: makes an account an administrator
 * or takes the role back. Recorded in the admin audit trail as the shell
 * user. Accounts listed in ADMIN_USERNAMES stay administrators whatever is
 * stored.
 */
const usage = 'usage: npm run user:role -- USERNAME admin|user';

async function main(): Promise<void> {
  await runCommand('user:role', async ({ config, db }) => {
    const { positionals } = parseArgs({ allowPositionals: true, options: {} });
    const [username, role] = positionals;
    if (!username || (role !== 'admin' && role !== 'user') || positionals.length !== 2) {
      throw new UsageError(usage);
    }
    const accounts = createAccountService({ db });
    const id = await accounts.resolve(username);
    const account = id ? await accounts.find(id) : undefined;
    if (!account || account.username !== username.trim().toLowerCase()) {
      throw new NotFoundError('user');
    }
    await accounts.setRole(account.id, role);
    await createAdminAudit(db).record(cliActor(), 'user.role', `${account.username}: ${role}`);
    console.log(`${account.username} is now ${role === 'admin' ? 'an administrator' : 'a user'}`);
    if (role === 'user' && config.admin.usernames.includes(account.username)) {
      console.error(
        `user:role: ${account.username} is listed in ADMIN_USERNAMES and stays an administrator until removed from it`,
      );
    }
  });
}

if (isMain(import.meta.url)) await main();

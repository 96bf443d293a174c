import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { DirectoryLockedError } from '../db/dir-lock.js';
import { migrate } from '../db/migrate.js';
import { AccountError, createAccountService } from './accounts.js';

/**
 * `npm run user:create -- --username U --email E --password P`: creates an
 * account from the shell. Works against PostgreSQL while the server runs; the
 * embedded database can only be opened while the server is stopped, and the
 * command says so instead of risking the data.
 */
const usage = 'usage: npm run user:create -- --username NAME --email ADDRESS --password SECRET';

try {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
    },
  });
  if (!values.username || !values.email || !values.password)
    throw new AccountError('username', usage);
  const config = loadConfig();
  const db = await createDatabase(config.database);
  try {
    await migrate(db.sql);
    const account = await createAccountService({ db }).register({
      username: values.username,
      email: values.email,
      password: values.password,
    });
    console.log(`created user ${account.username} (${account.id})`);
  } finally {
    await db.close();
  }
} catch (error) {
  if (error instanceof DirectoryLockedError) {
    console.error(`user:create: ${error.message}. Stop the server, run this again, then start it.`);
  } else if (error instanceof AccountError || error instanceof ConfigError) {
    console.error(`user:create: ${error.message}`);
  } else {
    console.error(`user:create: failed: ${(error as Error).message}`);
  }
  process.exitCode = 1;
}

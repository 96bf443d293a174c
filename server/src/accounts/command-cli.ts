/** What the operator commands (`*-cli.ts`) share: running against the database, errors as one line. */
import os from 'node:os';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createDatabase, type Database } from '../db/database.js';
import { DirectoryLockedError } from '../db/dir-lock.js';
import { migrate } from '../db/migrate.js';
import { DomainError } from '../errors/domain-errors.js';
import type { AdminActor } from '../admin/admin-audit.js';
import { AccountError } from './accounts.js';

/** Whether `moduleUrl` is the script node was started with (not imported by a test). */
export function isMain(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && realpathSync(process.argv[1]!) === fileURLToPath(moduleUrl);
}

/** The operator at the shell, as the admin audit trail names them. */
export function cliActor(): AdminActor {
  return { username: `${os.userInfo().username}@cli`, surface: 'cli' };
}

/**
 * Runs an operator command against the configured, migrated database, and
 * turns the errors a person can fix into one line and exit code 1.
 */
export async function runCommand(
  name: string,
  work: (context: { config: Config; db: Database }) => Promise<void>,
): Promise<void> {
  try {
    const config = loadConfig();
    const db = await createDatabase(config.database);
    try {
      await migrate(db.sql);
      await work({ config, db });
    } finally {
      await db.close();
    }
  } catch (error) {
    if (error instanceof DirectoryLockedError) {
      console.error(`${name}: ${error.message}. Stop the server, run this again, then start it.`);
    } else if (
      error instanceof AccountError ||
      error instanceof ConfigError ||
      error instanceof DomainError ||
      error instanceof UsageError
    ) {
      console.error(`${name}: ${error.message}`);
    } else {
      console.error(`${name}: failed: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}

/** The command was called the wrong way; its message is the usage. */
export class UsageError extends Error {}

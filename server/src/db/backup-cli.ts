import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { lockHolder } from './dir-lock.js';
import { requestBackup, writePgliteBackup } from './pglite-backup.js';
import { createPgliteDriver } from './pglite-driver.js';

/**
 * `npm run db:backup -- --out FILE`: a consistent copy of the embedded
 * database (a gzipped tarball of its data directory). While the server runs,
 * the server makes it (see pglite-backup.ts); otherwise this process opens the
 * database itself. With DATABASE_URL, use pg_dump (README, "Backups").
 */
const USAGE = 'usage: npm run db:backup -- --out FILE';

try {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) throw new Error(USAGE);
  const out = path.resolve(values.out);
  const config = loadConfig();
  if (config.database.kind !== 'pglite') {
    throw new Error(
      'DATABASE_URL names a PostgreSQL database: back it up with pg_dump (see the README, "Backups")',
    );
  }
  const dir = config.database.dir;
  const holder = lockHolder(dir);
  let bytes: number;
  if (holder !== undefined) {
    console.log(`the server (process ${holder}) has the database open; asking it for the backup`);
    bytes = await requestBackup({ dir, pid: holder, out, timeoutMs: 5 * 60_000 });
  } else {
    const driver = await createPgliteDriver(dir);
    try {
      bytes = await writePgliteBackup(driver.pglite, out);
    } finally {
      await driver.close();
    }
  }
  console.log(`backed up ${dir} to ${out} (${bytes} bytes)`);
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  console.error(`picard db:backup: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

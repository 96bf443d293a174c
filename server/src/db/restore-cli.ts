import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import { ConfigError, loadConfig } from '../config.js';
import { lockDirectory, lockHolder } from './dir-lock.js';
import { makePrivate, withPrivateUmask } from './private-files.js';

/**
 * `npm run db:restore -- FILE`: replaces the embedded database with a backup
 * made by `npm run db:backup`. Refused while the server runs (it would go on
 * writing the database being replaced). The current data directory is kept
 * beside it, renamed `<dir>.before-restore-<time>`, until the operator removes it.
 */
const USAGE = 'usage: npm run db:restore -- FILE';

try {
  const [file, ...extra] = process.argv.slice(2);
  if (!file || extra.length > 0 || file.startsWith('-')) throw new Error(USAGE);
  const backup = fs.readFileSync(path.resolve(file));
  const config = loadConfig();
  if (config.database.kind !== 'pglite') {
    throw new Error(
      'DATABASE_URL names a PostgreSQL database: restore it with pg_restore (see the README, "Backups")',
    );
  }
  const dir = config.database.dir;
  const holder = lockHolder(dir);
  if (holder !== undefined) {
    throw new Error(
      `the server (process ${holder}) has the database open; stop it first, then restore`,
    );
  }
  const unlock = lockDirectory(dir);
  try {
    let kept: string | undefined;
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      kept = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dir, kept);
    }
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      const pglite = await withPrivateUmask(() =>
        PGlite.create({
          dataDir: dir,
          loadDataDir: new Blob([backup]),
          extensions: { vector },
        }),
      );
      // Opened and answering: the backup is a database.
      await pglite.query('SELECT count(*) FROM _prisma_migrations');
      await pglite.close();
      makePrivate(dir);
    } catch (error) {
      // Put the previous database back: a bad file must not leave the server without one.
      fs.rmSync(dir, { recursive: true, force: true });
      if (kept) fs.renameSync(kept, dir);
      throw new Error(`${file} is not a usable backup: ${(error as Error).message}`);
    }
    console.log(`restored ${dir} from ${file}`);
    if (kept) console.log(`the previous database is kept in ${kept}; remove it once you are sure`);
  } finally {
    unlock();
  }
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  console.error(`picard db:restore: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

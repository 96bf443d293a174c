import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { copyData } from './copy-data.js';
import { createDatabase } from './database.js';

/**
 * `npm run db:copy-to-postgres`: moves the embedded database (DATA_DIR/pglite,
 * or PGLITE_DIR) into the empty PostgreSQL named by DATABASE_URL. Stop Picard
 * first: PGlite allows one process per data directory.
 */
try {
  const config = loadConfig();
  if (config.database.kind !== 'postgres') {
    throw new ConfigError('DATABASE_URL', 'must name the PostgreSQL database to copy into');
  }
  const dir = process.env.PGLITE_DIR
    ? path.resolve(process.env.PGLITE_DIR)
    : path.join(config.dataDir, 'pglite');
  const source = await createDatabase({ kind: 'pglite', dir });
  const target = await createDatabase(config.database);
  try {
    await copyData(source.sql, target.sql, (table, rows) => console.log(`${table}: ${rows} rows`));
    console.log(`copied ${dir} into PostgreSQL`);
  } finally {
    await source.close();
    await target.close();
  }
} catch (error) {
  console.error(`picard db:copy-to-postgres: ${(error as Error).message}`);
  process.exit(1);
}

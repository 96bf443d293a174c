import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from './database.js';
import { migrate } from './migrate.js';

/** `npm run db:migrate`: applies pending migrations to the configured database. */
try {
  const config = loadConfig();
  const db = await createDatabase(config.database);
  try {
    const { applied, alreadyApplied } = await migrate(db.sql, {
      onApplied: (name) => console.log(`applied ${name}`),
    });
    const where =
      db.kind === 'pglite'
        ? `embedded database ${config.database.kind === 'pglite' ? config.database.dir : ''}`
        : 'PostgreSQL';
    console.log(`${where}: ${applied.length} applied, ${alreadyApplied} already up to date`);
  } finally {
    await db.close();
  }
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  console.error(`db:migrate: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

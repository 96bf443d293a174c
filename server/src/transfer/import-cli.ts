import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { ImportRejectedError } from '../errors/domain-errors.js';
import { createLogger } from '../logger.js';
import { createMemoryStore, type MemoryStore } from '../memories/memory-store.js';
import { progressBar } from '../memories/progress-bar.js';
import { IMPORT_FORMATS, type ImportFormat } from './import-candidate.js';

/**
 * `npm run import -- --user NAME FILE [--format F] [--dry-run]
 * [--skip-invalid] [--allow-public]`: imports a file into one user's account
 * with the same rules as the API (validated line by line, all-or-nothing,
 * idempotent), then embeds its memories with a progress bar. Interrupted
 * during the embedding, nothing is lost: the server's background worker (or
 * the next run) embeds what is left.
 */
const USAGE =
  'usage: npm run import -- --user NAME FILE [--format picard|mcp-memory|mem0|text] [--dry-run] [--skip-invalid] [--allow-public]';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      'allow-public': { type: 'boolean', default: false },
    },
  });
  const [path] = positionals;
  if (!values.user || !path || positionals.length > 1) throw new Error(USAGE);
  const format = values.format as ImportFormat | undefined;
  if (format !== undefined && !IMPORT_FORMATS.includes(format)) {
    throw new Error(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const content = await readFile(path, 'utf8');
  const config = loadConfig();
  const db = await createDatabase(config.database);
  let store: MemoryStore | undefined;
  try {
    const user = await db.prisma.user.findUnique({
      where: { username: values.user.trim().toLowerCase() },
    });
    if (!user) throw new Error(`no user named "${values.user}"`);
    store = await createMemoryStore({ config, db, logger: createLogger('warn', 'import') });
    const report = await store.imports.importFile(user.id, {
      content,
      format,
      dryRun: values['dry-run'],
      skipInvalid: values['skip-invalid'],
      allowPublic: values['allow-public'],
    });
    for (const problem of report.problems) {
      console.error(`line ${problem.line}: ${problem.message}`);
    }
    for (const skipped of report.skipped)
      console.log(`line ${skipped.line}: skipped (${skipped.reason})`);
    const verb = report.dryRun ? 'would import' : 'imported';
    console.log(
      `${verb} ${report.imported} memories (${report.format}); skipped ${report.skippedCount}, invalid ${report.problemCount}`,
    );
    if (report.importId) {
      const progress = progressBar('embedding ');
      let status = await store.imports.status(user.id, report.importId);
      progress(status.embedded, status.imported);
      while (status.status !== 'done') {
        const { embedded } = await store.embeddings.embedBatch({ batchSize: 64 });
        status = await store.imports.status(user.id, report.importId);
        progress(status.embedded, status.embedded + status.pending);
        if (embedded === 0 && status.pending > 0) {
          throw new Error(`${status.pending} memories are left waiting for an embedding`);
        }
      }
      console.log(`done: import ${report.importId}`);
    }
  } finally {
    // The local model runs in a worker thread that would keep the process alive.
    await store?.embedder.close?.();
    await db.close();
  }
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  if (error instanceof ImportRejectedError) {
    for (const problem of error.problems) console.error(`line ${problem.line}: ${problem.message}`);
  }
  console.error(`picard import: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

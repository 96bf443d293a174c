import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { createMemoryRepository } from './memory-repository.js';
import { createMemoryStore } from './memory-store.js';
import { progressBar } from './progress-bar.js';

/**
 * `npm run reindex [-- --missing]`: re-embeds every memory with the active
 * embedding model (after switching providers), or with --missing only those
 * without a vector of that model. Shows a progress bar on stderr.
 */
const onlyMissing = process.argv.includes('--missing');

const progress = progressBar();

try {
  const config = loadConfig();
  const db = await createDatabase(config.database);
  try {
    const store = await createMemoryStore({ config, db, logger: createLogger('warn', 'reindex') });
    const total = onlyMissing
      ? await store.embeddings.countPending()
      : await createMemoryRepository(db).count();
    console.log(`Embedding ${total} memories with ${store.embedder.model}`);
    let done = 0;
    let afterId: string | undefined;
    progress(done, total);
    for (;;) {
      const batch = await store.embeddings.embedBatch({
        batchSize: 64,
        all: !onlyMissing,
        afterId,
      });
      if (batch.embedded === 0) break;
      done = Math.min(total, done + batch.embedded);
      afterId = batch.lastId;
      progress(done, total);
    }
    console.log(`Done: ${done} memories embedded with ${store.embedder.model}`);
  } finally {
    await db.close();
  }
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  console.error(`reindex: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

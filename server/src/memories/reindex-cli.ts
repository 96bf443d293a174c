import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { createLogger } from '../logger.js';
import { createMemoryRepository } from './memory-repository.js';
import { createMemoryStore } from './memory-store.js';
import { progressBar } from './progress-bar.js';

/**
 * `npm run reindex [-- --missing]`: re-embeds every memory with the active
 * embedding model (after switching providers) and rebuilds every memory's
 * keyword index entry; with --missing, only memories without a vector of that
 * model and without a keyword entry under the current key (written before the
 * keyword index existed, or before a key rotation). Shows progress bars on
 * stderr.
 */
const onlyMissing = process.argv.includes('--missing');

const progress = progressBar();

try {
  const config = loadConfig();
  const db = await createDatabase(config.database);
  try {
    const store = await createMemoryStore({ config, db, logger: createLogger('warn', 'reindex') });
    const all = await createMemoryRepository(db).count();
    const total = onlyMissing ? await store.embeddings.countPending() : all;
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

    const keywordTotal = onlyMissing ? await store.keywordIndex.countPending() : all;
    console.log(`Building the keyword index of ${keywordTotal} memories`);
    const keywordProgress = progressBar();
    keywordProgress(0, keywordTotal);
    const indexed = await store.keywordIndex.indexAll({
      all: !onlyMissing,
      onProgress: (count) => keywordProgress(Math.min(keywordTotal, count), keywordTotal),
    });
    console.log(`Done: ${indexed} memories in the keyword index`);
  } finally {
    await db.close();
  }
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  console.error(`reindex: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

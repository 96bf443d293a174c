import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import { createEmbedder } from '../embeddings/create-embedder.js';
import type { Embedder } from '../embeddings/embedder.js';
import { instrumentEmbedder } from '../observability/instrumented-embedder.js';
import { createExtractiveAnswerer } from '../persona/extractive-answerer.js';
import { createOpenAIAnswerer } from '../persona/openai-answerer.js';
import { noContradictionFinder } from './contradiction-finder.js';
import { createOpenAIContradictionFinder } from './openai-contradiction-finder.js';
import type { PersonaAnswerer } from '../persona/persona-answerer.js';
import type { Logger } from '../logger.js';
import { createEmbeddingWriter, type EmbeddingWriter } from './embedding-writer.js';
import { createMemoryRepository } from './memory-repository.js';
import { createMemorySearch, type MemorySearch } from './memory-search.js';
import { createMemoryService, type MemoryService } from './memory-service.js';
import { createPersonaService, type PersonaService } from '../persona/persona-service.js';
import { createTextCipher } from './text-cipher.js';
import { createGroupService, type GroupService } from '../sharing/group-service.js';
import { createSharingRepository } from '../sharing/sharing-repository.js';
import { createSharingService, type SharingService } from '../sharing/sharing-service.js';
import { ensureVectorIndex, vectorExpression } from './vector-index.js';
import { createKeywordHasher } from './keyword-hasher.js';
import { createKeywordIndexer, type KeywordIndexer } from './keyword-indexer.js';
import { createShareKeywordIndexer, type ShareKeywordIndexer } from './share-keyword-indexer.js';
import type { FusionWeights } from './rank-fusion.js';
import { createExportService, type ExportService } from '../transfer/export-service.js';
import { createImportService, type ImportService } from '../transfer/import-service.js';

/** Everything the surfaces need from the memory domain. */
export interface MemoryStore {
  memories: MemoryService;
  search: MemorySearch;
  persona: PersonaService;
  sharing: SharingService;
  groups: GroupService;
  embeddings: EmbeddingWriter;
  embedder: Embedder;
  keywordIndex: KeywordIndexer;
  /** The shares' keyword postings, hashed for their readers. */
  shareKeywords: ShareKeywordIndexer;
  /** Export of one's own memories (bundle, Markdown). */
  exports: ExportService;
  /** Import of files of memories into one's own account. */
  imports: ImportService;
}

export interface MemoryStoreOptions {
  config: Pick<
    Config,
    'secrets' | 'memories' | 'embeddings' | 'openai' | 'persona' | 'contradictions' | 'publicUrl'
  >;
  db: Database;
  logger: Logger;
  /** Defaults to the configured provider. */
  embedder?: Embedder;
  /** Defaults to the configured answerer. */
  answerer?: PersonaAnswerer;
  now?: () => Date;
  exactScanMax?: number;
  /** See `MemorySearchDeps.keywordTermCap` (the bench compares with none). */
  keywordTermCap?: number;
  /** Overrides the tuned fusion weights (the bench compares them). */
  fusion?: FusionWeights;
}

/**
 * Assembles the memory domain from configuration: loads the embedder, makes
 * sure its vector index exists, and wires the services together.
 */
export async function createMemoryStore(options: MemoryStoreOptions): Promise<MemoryStore> {
  const { config, db, logger, now } = options;
  const embedder = instrumentEmbedder(options.embedder ?? (await createEmbedder(config)));
  if (embedder.dimensions > 0) {
    await ensureVectorIndex(db.sql, embedder.model, embedder.dimensions);
  } else {
    // The provider was down at start-up: index once its first answer tells the dimensions.
    logger.warn(
      { model: embedder.model },
      'embedding provider unreachable; starting anyway, memories wait for embeddings',
    );
    void embedder.ready
      ?.then(() => ensureVectorIndex(db.sql, embedder.model, embedder.dimensions))
      .then(() => logger.info({ model: embedder.model }, 'embedding provider reachable; indexed'))
      .catch((error: Error) => logger.error({ error: error.message }, 'vector index failed'));
  }
  const cipher = createTextCipher({
    key: config.secrets.memoryEncryptionKey,
    previousKeys: config.memories.previousEncryptionKeys,
  });
  const repository = createMemoryRepository(db);
  const keywords = createKeywordHasher(cipher);
  const shareKeywords = createShareKeywordIndexer({ sql: db.sql, cipher, keywords });
  const embeddings = createEmbeddingWriter({
    repository,
    embedder,
    cipher,
    logger,
    waitMs: config.embeddings.waitMs,
  });
  const memories = createMemoryService({
    db,
    repository,
    cipher,
    embeddings,
    activeModel: embedder.model,
    keywords,
    shareKeywords,
    vectorExpression: () =>
      embedder.dimensions > 0 ? vectorExpression(embedder.model, embedder.dimensions) : undefined,
    duplicateSimilarity: embedder.duplicateSimilarity ?? 0.9,
    contradictions:
      config.contradictions.check === 'openai'
        ? createOpenAIContradictionFinder({
            ...config.openai!,
            model: config.persona.llmModel,
            timeoutMs: config.contradictions.timeoutMs,
            logger,
          })
        : noContradictionFinder,
    exactScanMax: options.exactScanMax,
    now,
  });
  const search = createMemorySearch({
    db,
    repository,
    embedder,
    keywords,
    memories,
    now,
    exactScanMax: options.exactScanMax,
    keywordTermCap: options.keywordTermCap,
    fusion: options.fusion,
  });
  const answerer =
    options.answerer ??
    (config.persona.answerer === 'openai'
      ? createOpenAIAnswerer({ ...config.openai!, model: config.persona.llmModel, logger })
      : createExtractiveAnswerer());
  const persona = createPersonaService({
    search,
    answerer,
    memoryLink: (id) => `${config.publicUrl}/api/v1/memories/${id}`,
  });
  const keywordIndex = createKeywordIndexer({
    repository,
    cipher,
    keywords,
    shares: shareKeywords,
  });
  const exports = createExportService({ db, repository, cipher, now });
  const imports = createImportService({ repository, cipher, embeddings, embedder, keywords, now });
  const sharingRepository = createSharingRepository(db);
  const sharing = createSharingService({
    repository,
    sharing: sharingRepository,
    memories,
    shareKeywords,
    now,
  });
  const groups = createGroupService({ sharing: sharingRepository });
  return {
    memories,
    search,
    persona,
    embeddings,
    embedder,
    keywordIndex,
    shareKeywords,
    exports,
    imports,
    sharing,
    groups,
  };
}

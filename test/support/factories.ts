import { randomBytes } from 'node:crypto';
import type { Database } from '../../server/src/db/database.js';
import type { Embedder } from '../../server/src/embeddings/embedder.js';
import { createLocalEmbedder } from '../../server/src/embeddings/local-embedder.js';
import { createOpenAIEmbedder } from '../../server/src/embeddings/openai-embedder.js';
import type { PersonaAnswerer } from '../../server/src/persona/persona-answerer.js';
import { createLogger } from '../../server/src/logger.js';
import { createMemoryStore, type MemoryStore } from '../../server/src/memories/memory-store.js';
import { testConfig } from './test-config.js';

/** A user row with a unique username (prefix + random suffix). */
export async function createUser(db: Database, prefix = 'user') {
  const username = `${prefix}-${randomBytes(4).toString('hex')}`;
  return db.prisma.user.create({ data: { username, email: `${username}@example.com` } });
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2030-01-01T00:00:00Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}

export interface TestStoreOptions {
  embedder?: Embedder;
  answerer?: PersonaAnswerer;
  now?: () => Date;
  exactScanMax?: number;
  keywordTermCap?: number;
  env?: Record<string, string>;
}

/** The real memory store on a test database, with the offline embedder by default. */
export async function createTestStore(
  db: Database,
  options: TestStoreOptions = {},
): Promise<MemoryStore> {
  return createMemoryStore({
    config: testConfig(options.env),
    db,
    logger: createLogger('silent', 'test'),
    embedder: options.embedder ?? (await createLocalEmbedder()),
    answerer: options.answerer,
    now: options.now,
    exactScanMax: options.exactScanMax,
    keywordTermCap: options.keywordTermCap,
  });
}

/**
 * A store whose embeddings and chat model are the fake OpenAI server at
 * `openaiUrl` (model "fake-embed"), with `env` on top of that configuration.
 */
export async function createOpenAITestStore(
  db: Database,
  openaiUrl: string,
  env: Record<string, string> = {},
): Promise<MemoryStore> {
  return createTestStore(db, {
    embedder: await createOpenAIEmbedder({
      apiKey: 'sk-test-key',
      baseUrl: openaiUrl,
      model: 'fake-embed',
    }),
    env: {
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: openaiUrl,
      EMBEDDING_MODEL: 'fake-embed',
      ...env,
    },
  });
}

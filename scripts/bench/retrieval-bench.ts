import { createLogger } from '../../server/src/logger.js';
import { createMemoryStore, type MemoryStore } from '../../server/src/memories/memory-store.js';
import type { SearchMode } from '../../server/src/memories/memory-input.js';
import {
  distractorMemories,
  FIXTURE_MEMORIES,
  NEAR_DUPLICATES,
  UNANSWERABLE_QUESTIONS,
} from '../../test/fixtures/hybrid-retrieval.js';
import { openBenchDatabase } from './bench-database.js';

export interface RetrievalBenchOptions {
  /** Distractor memories mixed in for the second round (1,000 in the report). */
  distractors: number;
  log: (line: string) => void;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Retrieval quality on the hybrid retrieval fixture, with the offline model
 * on this run's database: recall@1 and @5 of each search mode for the
 * fixture's paraphrased questions (alone, then among distractors of the same
 * person), the persona's citation and decline rates, and the similarities
 * that place the duplicate threshold.
 */
export async function runRetrievalBench({ distractors, log }: RetrievalBenchOptions) {
  const { config, db, drop } = await openBenchDatabase();
  try {
    const store = await createMemoryStore({ config, db, logger: createLogger('silent', 'bench') });
    const ines = await db.prisma.user.create({
      data: { username: 'ines', email: 'ines@bench.test' },
    });
    const asker = await db.prisma.user.create({
      data: { username: 'asker', email: 'asker@bench.test' },
    });
    const idOf = new Map<string, string>();
    for (const item of FIXTURE_MEMORIES) {
      const memory = await store.memories.create(ines.id, {
        text: item.text,
        permission: 'public',
      });
      idOf.set(item.key, memory.id);
    }

    const duplicates = await duplicateSimilarities(store);
    const alone = await recall(store, ines.id, idOf);
    log(`fixture alone: hybrid recall@1 ${alone.hybrid.at1}`);
    const texts = distractorMemories(distractors);
    for (const [index, text] of texts.entries()) {
      await store.memories.create(ines.id, { text, permission: 'public' });
      if ((index + 1) % 250 === 0) log(`distractors ${index + 1}/${texts.length}`);
    }
    const mixed = await recall(store, ines.id, idOf);
    log(`with ${texts.length} distractors: hybrid recall@1 ${mixed.hybrid.at1}`);

    let cited = 0;
    for (const item of FIXTURE_MEMORIES) {
      const answer = await store.persona.ask(asker.id, {
        username: 'ines',
        question: item.question,
      });
      if (answer.citations.some((c) => c.memory.id === idOf.get(item.key))) cited += 1;
    }
    let declined = 0;
    for (const question of UNANSWERABLE_QUESTIONS) {
      const answer = await store.persona.ask(asker.id, { username: 'ines', question });
      if (answer.citations.length === 0) declined += 1;
    }

    return {
      retrieval_fixture_memories: FIXTURE_MEMORIES.length,
      retrieval_distractors: texts.length,
      recall_at_1: mixed.hybrid.at1,
      recall_at_5: mixed.hybrid.at5,
      recall_by_mode: { alone, with_distractors: mixed },
      persona_cite_rate: round(cited / FIXTURE_MEMORIES.length),
      persona_decline_rate: round(declined / UNANSWERABLE_QUESTIONS.length),
      duplicate_similarity_min: duplicates.duplicateMin,
      distinct_similarity_max: duplicates.distinctMax,
    };
  } finally {
    await drop();
  }
}

/** recall@1 and recall@5 of each mode for the fixture's questions. */
async function recall(store: MemoryStore, ownerId: string, idOf: Map<string, string>) {
  const modes: SearchMode[] = ['hybrid', 'vector', 'keyword'];
  const result = {} as Record<SearchMode, { at1: number; at5: number }>;
  for (const mode of modes) {
    let at1 = 0;
    let at5 = 0;
    for (const item of FIXTURE_MEMORIES) {
      const hits = await store.search.search(ownerId, { query: item.question, limit: 5, mode });
      const rank = hits.findIndex((hit) => hit.memory.id === idOf.get(item.key));
      if (rank === 0) at1 += 1;
      if (rank >= 0) at5 += 1;
    }
    result[mode] = {
      at1: round(at1 / FIXTURE_MEMORIES.length),
      at5: round(at5 / FIXTURE_MEMORIES.length),
    };
  }
  return result;
}

/**
 * The lowest similarity between a near-duplicate rewrite and its memory, and
 * the highest between two different fixture memories: the duplicate
 * threshold belongs between them.
 */
async function duplicateSimilarities(store: MemoryStore) {
  const [vectors, rewrites] = await Promise.all([
    store.embedder.embed(FIXTURE_MEMORIES.map((item) => item.text)),
    store.embedder.embed(NEAR_DUPLICATES.map((item) => item.text)),
  ]);
  const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
  const index = new Map(FIXTURE_MEMORIES.map((item, i) => [item.key, i]));
  const duplicateMin = Math.min(
    ...NEAR_DUPLICATES.map((item, i) => cosine(rewrites[i]!, vectors[index.get(item.key)!]!)),
  );
  let distinctMax = -1;
  for (let i = 0; i < vectors.length; i += 1)
    for (let j = i + 1; j < vectors.length; j += 1)
      distinctMax = Math.max(distinctMax, cosine(vectors[i]!, vectors[j]!));
  return { duplicateMin: round(duplicateMin), distinctMax: round(distinctMax) };
}

import type { Embedder } from './embedder.js';

/**
 * Query vectors by text, so a repeated search (paging, a refreshed page, the
 * same question asked twice) does not embed its query again. Bounded: the
 * least recently used entry goes when full. Keyed by model too, so a
 * provider switch never returns a vector of the old model.
 */
export interface QueryEmbeddingCache {
  embed(text: string): Promise<number[]>;
  readonly size: number;
}

export function createQueryEmbeddingCache(
  embedder: Embedder,
  { maxEntries = 1_000 }: { maxEntries?: number } = {},
): QueryEmbeddingCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest first.
  const entries = new Map<string, Promise<number[]>>();
  return {
    get size() {
      return entries.size;
    },
    embed(text) {
      const key = `${embedder.model}\u0000${text}`;
      const cached = entries.get(key);
      if (cached) {
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      const vector = embedder.embed([text], { query: true }).then(([first]) => first!);
      entries.set(key, vector);
      // A failed embedding is not remembered: the next search tries again.
      vector.catch(() => entries.delete(key));
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return vector;
    },
  };
}

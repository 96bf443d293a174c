import type { Embedder } from '../embeddings/embedder.js';
import type { Logger } from '../logger.js';
import type { MemoryRepository } from './memory-repository.js';
import type { TextCipher } from './text-cipher.js';

export interface EmbeddingWriterDeps {
  repository: MemoryRepository;
  embedder: Embedder;
  cipher: TextCipher;
  logger: Logger;
  /**
   * How long `embedNow` waits before answering false while the embedding
   * goes on in the background; unbounded when absent.
   */
  waitMs?: number;
}

export interface EmbeddingWriter {
  /**
   * Embeds one memory's text right away. Resolves false, leaving the memory
   * waiting for the retry worker, when the provider fails: a write never fails
   * because of embeddings. Nor does it wait for a slow or hung provider longer
   * than `waitMs`: it then resolves false and the embedding is stored when it
   * arrives (or by the retry worker).
   */
  embedNow(memoryId: string, version: number, text: string): Promise<boolean>;
  /**
   * The vector of a text about to be written (for the duplicate check).
   * Without `vector`, the provider failed; with `late`, it is taking longer
   * than `waitMs` and the vector (or undefined, if it fails) comes there.
   */
  vectorFor(text: string): Promise<{ vector?: number[]; late?: Promise<number[] | undefined> }>;
  /** Stores a vector already computed for this version of a memory. */
  store(memoryId: string, version: number, vector: number[]): Promise<void>;
  /**
   * Calls `listener` whenever `embedNow` succeeds: the provider answers, so
   * memories left waiting can be retried at once. Returns the unsubscriber.
   */
  onSuccess(listener: () => void): () => void;
  /**
   * Says that memories were written waiting for their vectors (an import), so
   * the background worker embeds them now rather than at its next round.
   */
  notifyPending(): void;
  /** Calls `listener` on each {@link notifyPending}. Returns the unsubscriber. */
  onPending(listener: () => void): () => void;
  /**
   * Embeds up to `batchSize` memories that have no vector of the active model
   * (or all memories, in id order after `afterId`, when `all`). Throws when the
   * provider fails, so callers can back off.
   */
  embedBatch(options: { batchSize: number; all?: boolean; afterId?: string }): Promise<{
    embedded: number;
    lastId?: string;
  }>;
  /** How many memories have no vector of the active model. */
  countPending(): Promise<number>;
}

export function createEmbeddingWriter({
  repository,
  embedder,
  cipher,
  logger,
  waitMs,
}: EmbeddingWriterDeps): EmbeddingWriter {
  const listeners = new Set<() => void>();
  const pendingListeners = new Set<() => void>();
  const store = (id: string, version: number, vector: number[]) =>
    repository.storeEmbedding(id, version, vector, embedder.model);

  const bounded = async <T>(work: Promise<T>, fallback: T): Promise<T> => {
    if (waitMs === undefined) return work;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), waitMs);
    });
    try {
      return await Promise.race([work, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    store,

    async vectorFor(text) {
      const work = embedder.embed([text]).then(
        ([vector]) => {
          for (const listener of listeners) listener();
          return vector;
        },
        (error: Error) => {
          logger.warn({ error: error.message }, 'embedding failed; will retry');
          return undefined;
        },
      );
      const settled = await bounded<{ done: boolean; vector?: number[] | undefined }>(
        work.then((vector) => ({ done: true, vector })),
        { done: false },
      );
      return settled.done ? { vector: settled.vector } : { late: work };
    },

    async embedNow(memoryId, version, text) {
      const attempt = (async () => {
        try {
          const [vector] = await embedder.embed([text]);
          await store(memoryId, version, vector!);
          for (const listener of listeners) listener();
          return true;
        } catch (error) {
          logger.warn(
            { memoryId, error: (error as Error).message },
            'embedding failed; will retry',
          );
          await repository.noteEmbeddingFailure([memoryId]).catch(() => undefined);
          return false;
        }
      })();
      return bounded(attempt, false);
    },

    onSuccess(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    notifyPending() {
      for (const listener of pendingListeners) listener();
    },

    onPending(listener) {
      pendingListeners.add(listener);
      return () => pendingListeners.delete(listener);
    },

    async embedBatch({ batchSize, all = false, afterId }) {
      const rows = all
        ? await repository.allForEmbedding(afterId, batchSize)
        : await repository.pendingEmbeddings(embedder.model, batchSize);
      if (rows.length === 0) return { embedded: 0 };
      const texts = rows.map((row) => cipher.decrypt(row.textCiphertext, row.keyId, row.id));
      let vectors: number[][];
      try {
        vectors = await embedder.embed(texts);
      } catch (error) {
        await repository.noteEmbeddingFailure(rows.map((row) => row.id));
        throw error;
      }
      await repository.storeEmbeddings(
        rows.map((row, index) => ({ id: row.id, version: row.version, vector: vectors[index]! })),
        embedder.model,
      );
      return { embedded: rows.length, lastId: rows.at(-1)!.id };
    },

    countPending: () => repository.countPendingEmbeddings(embedder.model),
  };
}

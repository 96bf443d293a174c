import type { Embedder } from '../embeddings/embedder.js';
import type { Logger } from '../logger.js';
import type { MemoryRepository } from './memory-repository.js';
import type { TextCipher } from './text-cipher.js';

export interface EmbeddingWriterDeps {
  repository: MemoryRepository;
  embedder: Embedder;
  cipher: TextCipher;
  logger: Logger;
}

export interface EmbeddingWriter {
  /**
   * Embeds one memory's text right away. Resolves false, leaving the memory
   * waiting for the retry worker, when the provider fails: a write never fails
   * because of embeddings.
   */
  embedNow(memoryId: string, version: number, text: string): Promise<boolean>;
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
}: EmbeddingWriterDeps): EmbeddingWriter {
  const store = (id: string, version: number, vector: number[]) =>
    repository.storeEmbedding(id, version, vector, embedder.model);

  return {
    async embedNow(memoryId, version, text) {
      try {
        const [vector] = await embedder.embed([text]);
        await store(memoryId, version, vector!);
        return true;
      } catch (error) {
        logger.warn({ memoryId, error: (error as Error).message }, 'embedding failed; will retry');
        await repository.noteEmbeddingFailure([memoryId]);
        return false;
      }
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
      for (const [index, row] of rows.entries()) await store(row.id, row.version, vectors[index]!);
      return { embedded: rows.length, lastId: rows.at(-1)!.id };
    },

    countPending: () => repository.countPendingEmbeddings(embedder.model),
  };
}

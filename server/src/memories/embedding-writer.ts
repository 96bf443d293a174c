import pgvector from 'pgvector';
import type { Database } from '../db/database.js';
import type { Embedder } from '../embeddings/embedder.js';
import type { Logger } from '../logger.js';
import type { TextCipher } from './text-cipher.js';

export interface EmbeddingWriterDeps {
  db: Database;
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

interface PendingRow {
  id: string;
  version: number;
  text_ciphertext: Uint8Array;
  key_id: string;
}

export function createEmbeddingWriter({
  db,
  embedder,
  cipher,
  logger,
}: EmbeddingWriterDeps): EmbeddingWriter {
  // Only vectors of the current version are stored, so an edit racing an
  // embedding can never leave the old text's vector behind.
  const store = (id: string, version: number, vector: number[]) =>
    db.sql.query(
      `UPDATE memories SET embedding = $1::vector, embedding_model = $2, embedding_attempts = 0
        WHERE id = $3 AND version = $4`,
      [pgvector.toSql(vector), embedder.model, id, version],
    );

  return {
    async embedNow(memoryId, version, text) {
      try {
        const [vector] = await embedder.embed([text]);
        await store(memoryId, version, vector!);
        return true;
      } catch (error) {
        logger.warn({ memoryId, error: (error as Error).message }, 'embedding failed; will retry');
        await db.sql.query(
          'UPDATE memories SET embedding_attempts = embedding_attempts + 1 WHERE id = $1',
          [memoryId],
        );
        return false;
      }
    },

    async embedBatch({ batchSize, all = false, afterId }) {
      const rows = all
        ? await db.sql.query<PendingRow>(
            `SELECT id, version, text_ciphertext, key_id FROM memories
              WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
            [afterId ?? null, batchSize],
          )
        : await db.sql.query<PendingRow>(
            `SELECT id, version, text_ciphertext, key_id FROM memories
              WHERE embedding IS NULL OR embedding_model IS DISTINCT FROM $1
              ORDER BY embedding_attempts, created_at LIMIT $2`,
            [embedder.model, batchSize],
          );
      if (rows.length === 0) return { embedded: 0 };
      const texts = rows.map((row) => cipher.decrypt(row.text_ciphertext, row.key_id, row.id));
      let vectors: number[][];
      try {
        vectors = await embedder.embed(texts);
      } catch (error) {
        await db.sql.query(
          'UPDATE memories SET embedding_attempts = embedding_attempts + 1 WHERE id = ANY($1::uuid[])',
          [rows.map((row) => row.id)],
        );
        throw error;
      }
      for (const [index, row] of rows.entries()) await store(row.id, row.version, vectors[index]!);
      return { embedded: rows.length, lastId: rows.at(-1)!.id };
    },

    async countPending() {
      const [row] = await db.sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM memories
          WHERE embedding IS NULL OR embedding_model IS DISTINCT FROM $1`,
        [embedder.model],
      );
      return row!.count;
    },
  };
}

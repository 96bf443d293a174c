import type { KeywordHasher } from './keyword-hasher.js';
import type { MemoryRepository } from './memory-repository.js';
import type { ShareKeywordIndexer } from './share-keyword-indexer.js';
import type { TextCipher } from './text-cipher.js';

export interface KeywordIndexerDeps {
  repository: MemoryRepository;
  cipher: TextCipher;
  keywords: KeywordHasher;
  /** The shares' copies, hashed again once their memories' entries are written. */
  shares: ShareKeywordIndexer;
}

/**
 * Builds keyword index entries for memories that have none (written before
 * the index existed) or whose entry was hashed with a retired key (after a
 * rotation), a batch at a time, then the shares' copies of the entries that
 * changed: `npm run reindex` and start-up use it.
 */
export interface KeywordIndexer {
  /**
   * Indexes up to `batchSize` memories that need it (or any, with `all`)
   * after `afterId` (id order).
   */
  indexBatch(options: { batchSize: number; afterId?: string; all?: boolean }): Promise<{
    indexed: number;
    lastId?: string;
  }>;
  /** How many memories need an entry under the current key. */
  countPending(): Promise<number>;
  /** Indexes every memory that needs it; resolves with how many it indexed. */
  indexAll(options?: {
    batchSize?: number;
    /** Every memory, not only those that need it (after the terms rules change). */
    all?: boolean;
    onProgress?: (done: number) => void;
    stopped?: () => boolean;
  }): Promise<number>;
}

export function createKeywordIndexer({
  repository,
  cipher,
  keywords,
  shares,
}: KeywordIndexerDeps): KeywordIndexer {
  const indexBatch: KeywordIndexer['indexBatch'] = async ({ batchSize, afterId, all }) => {
    const rows = await repository.pendingKeywordEntries(keywords.keyId, afterId, batchSize, all);
    for (const row of rows) {
      const text = cipher.decrypt(row.textCiphertext, row.keyId, row.id);
      const entry = keywords.entryFor(row.userId, text);
      await repository.storeKeywordEntry(row.id, row.version, {
        keywordHashes: entry.hashes,
        keywordFreqs: entry.freqs,
        keywordLength: entry.length,
        keywordKeyId: entry.keyId,
      });
    }
    return rows.length === 0 ? { indexed: 0 } : { indexed: rows.length, lastId: rows.at(-1)!.id };
  };

  return {
    indexBatch,
    countPending: () => repository.countPendingKeywordEntries(keywords.keyId),
    async indexAll({ batchSize = 200, all, onProgress, stopped = () => false } = {}) {
      let done = 0;
      let afterId: string | undefined;
      while (!stopped()) {
        const batch = await indexBatch({ batchSize, afterId, all });
        if (batch.indexed === 0) break;
        done += batch.indexed;
        afterId = batch.lastId;
        onProgress?.(done);
      }
      // Shares of memories whose entries changed lost their copies: hashed again.
      await shares.indexPending({ stopped });
      return done;
    },
  };
}

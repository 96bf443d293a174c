import type { SqlDriver } from '../db/sql.js';
import { principalId, type KeywordHasher, type SharePrincipal } from './keyword-hasher.js';
import type { TextCipher } from './text-cipher.js';

export interface ShareKeywordIndexerDeps {
  sql: SqlDriver;
  cipher: TextCipher;
  keywords: KeywordHasher;
}

/**
 * Writes each share's copy of its memory's keyword postings, hashed under
 * the key of whom it is shared with (migration 0024), so that a search over
 * what others shared with a reader reads one index range per term.
 *
 * The database removes a share's postings with the share, and with the
 * memory's keyword entry when that changes (marking the share for hashing
 * again); this writes them after every change that can leave a share
 * without: sharing, an edit, re-indexing, start-up.
 */
export interface ShareKeywordIndexer {
  /** Hashes the postings of the memory's shares that have none under the current key. */
  indexMemory(memoryId: string): Promise<number>;
  /** Every share that needs it, a batch of memories at a time; resolves with how many shares. */
  indexPending(options?: { batchSize?: number; stopped?: () => boolean }): Promise<number>;
  /** How many shares need their postings hashed under the current key. */
  countPending(): Promise<number>;
}

interface LockedMemory {
  id: string;
  text_ciphertext: Uint8Array;
  key_id: string;
}

interface ShareRow {
  id: string;
  memory_id: string;
  user_id: string | null;
  group_id: string | null;
}

/** Shares of memories with a keyword entry whose postings are missing or under a retired key. */
const PENDING = `FROM memory_shares s JOIN memories m ON m.id = s.memory_id
                WHERE s.keyword_key_id IS DISTINCT FROM $1 AND m.keyword_key_id IS NOT NULL`;

export function createShareKeywordIndexer({
  sql,
  cipher,
  keywords,
}: ShareKeywordIndexerDeps): ShareKeywordIndexer {
  /** The pending shares of these memories, hashed in one transaction. */
  const indexMemories = (memoryIds: string[]) =>
    sql.withSession((session) =>
      session.transaction(async (tx) => {
        // The memories' rows are held until the postings are written: an edit
        // waits, then its trigger removes them and marks the shares again.
        const memories = await tx.query<LockedMemory>(
          `SELECT id, text_ciphertext, key_id
             FROM memories WHERE id = ANY($1::uuid[]) AND keyword_key_id IS NOT NULL
            ORDER BY id FOR SHARE`,
          [memoryIds],
        );
        if (memories.length === 0) return 0;
        const shares = await tx.query<ShareRow>(
          `SELECT id, memory_id, user_id, group_id FROM memory_shares
            WHERE memory_id = ANY($1::uuid[]) AND keyword_key_id IS DISTINCT FROM $2
            ORDER BY id FOR UPDATE`,
          [memories.map((memory) => memory.id), keywords.keyId],
        );
        if (shares.length === 0) return 0;
        const byId = new Map(memories.map((memory) => [memory.id, memory]));
        const texts = new Map<string, string>();
        const rows = {
          principal: [] as string[],
          hash: [] as string[],
          memory: [] as string[],
          share: [] as string[],
          tf: [] as number[],
          length: [] as number[],
        };
        for (const share of shares) {
          const memory = byId.get(share.memory_id)!;
          let text = texts.get(memory.id);
          if (text === undefined) {
            text = cipher.decrypt(memory.text_ciphertext, memory.key_id, memory.id);
            texts.set(memory.id, text);
          }
          const principal: SharePrincipal = share.user_id
            ? { userId: share.user_id }
            : { groupId: share.group_id! };
          const entry = keywords.entryForShare(principal, text);
          entry.hashes.forEach((hash, i) => {
            rows.principal.push(principalId(principal));
            rows.hash.push(hash);
            rows.memory.push(memory.id);
            rows.share.push(share.id);
            rows.tf.push(entry.freqs[i]!);
            rows.length.push(entry.length);
          });
        }
        const ids = shares.map((share) => share.id);
        await tx.query('DELETE FROM share_keyword_postings WHERE share_id = ANY($1::uuid[])', [
          ids,
        ]);
        // The filtered columns from the memory itself, as the trigger keeps them.
        await tx.query(
          `INSERT INTO share_keyword_postings
                  (principal_id, hash, memory_id, share_id, owner_id, tf, length,
                   permission, superseded, expires_at)
           SELECT t.principal, t.hash, m.id, t.share, m.user_id, t.tf, t.length,
                  m.permission, m.superseded_by IS NOT NULL, m.expires_at
             FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::int[], $6::int[])
                    AS t(principal, hash, memory, share, tf, length)
             JOIN memories m ON m.id = t.memory`,
          [rows.principal, rows.hash, rows.memory, rows.share, rows.tf, rows.length],
        );
        await tx.query('UPDATE memory_shares SET keyword_key_id = $2 WHERE id = ANY($1::uuid[])', [
          ids,
          keywords.keyId,
        ]);
        return shares.length;
      }),
    );

  return {
    async indexMemory(memoryId) {
      // Most edited memories are shared with nobody: one lookup, no transaction.
      const [pending] = await sql.query(
        `SELECT 1 FROM memory_shares
          WHERE memory_id = $1::uuid AND keyword_key_id IS DISTINCT FROM $2 LIMIT 1`,
        [memoryId, keywords.keyId],
      );
      return pending ? indexMemories([memoryId]) : 0;
    },
    async indexPending({ batchSize = 200, stopped = () => false } = {}) {
      let done = 0;
      while (!stopped()) {
        const batch = await sql.query<{ memory_id: string }>(
          `SELECT DISTINCT s.memory_id ${PENDING} LIMIT ${Number(batchSize)}`,
          [keywords.keyId],
        );
        const indexed =
          batch.length === 0 ? 0 : await indexMemories(batch.map((row) => row.memory_id));
        // A batch that indexed nothing holds only memories changing meanwhile.
        if (indexed === 0) break;
        done += indexed;
      }
      return done;
    },
    async countPending() {
      const [row] = await sql.query<{ count: number }>(`SELECT count(*)::int AS count ${PENDING}`, [
        keywords.keyId,
      ]);
      return row!.count;
    },
  };
}

import type { Permission } from './memory-input.js';
import type { MemoryRowFields } from './memory-service.js';

/**
 * Memory rows read with plain SQL (hot paths: search and reading one memory)
 * rather than through Prisma: the columns to select and their mapping to the
 * fields a memory is built from.
 */
export const MEMORY_COLUMNS = `id, user_id, text_ciphertext, key_id, permission, tags, expires_at,
  created_at, updated_at, version, embedding_model`;

export interface MemorySqlRow {
  id: string;
  user_id: string;
  text_ciphertext: Uint8Array;
  key_id: string;
  permission: Permission;
  tags: string[] | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  embedding_model: string | null;
}

export function fromSqlRow(row: MemorySqlRow): MemoryRowFields {
  return {
    id: row.id,
    userId: row.user_id,
    textCiphertext: row.text_ciphertext as Uint8Array<ArrayBuffer>,
    keyId: row.key_id,
    permission: row.permission,
    tags: row.tags ?? [],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    embeddingModel: row.embedding_model,
  };
}

import type { Permission } from './memory-input.js';

/** A memory as the domain hands it out: decrypted, without storage details. */
export interface Memory {
  id: string;
  ownerId: string;
  text: string;
  permission: Permission;
  tags: string[];
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** 1 for a new memory, +1 per edit. */
  version: number;
  /** True while the memory has no vector of the active model (not yet searchable). */
  embeddingPending: boolean;
}

/** One earlier version of a memory, as it was before an edit. */
export interface MemoryVersion {
  version: number;
  text: string;
  permission: Permission;
  tags: string[];
  expiresAt: Date | null;
  createdAt: Date;
  replacedAt: Date;
}

/** A search hit: the memory and its cosine similarity to the query (-1…1). */
export interface ScoredMemory {
  memory: Memory;
  score: number;
}

export interface MemoryPage {
  items: Memory[];
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
}

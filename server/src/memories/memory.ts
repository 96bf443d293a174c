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
  /** The memory that replaced this one, when its reader may see that one; else null. */
  supersededBy: string | null;
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

/** How strongly a hit matches: "weak" ones are ranked, never hidden, but marked. */
export type MatchStrength = 'strong' | 'weak';

/** A search hit: the memory and how well it matches the query. */
export interface ScoredMemory {
  memory: Memory;
  /** Cosine similarity to the query (-1…1); null for a memory without a vector yet. */
  score: number | null;
  /** The fused rank score the results are ordered by (higher is better). */
  relevance: number;
  /** Distinct query terms the memory contains, and how many the query had (keyword evidence). */
  keyword: { matchedTerms: number; queryTerms: number };
  match: MatchStrength;
  /** The owner's username. */
  ownerUsername: string;
}

export interface MemoryPage {
  items: Memory[];
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
}

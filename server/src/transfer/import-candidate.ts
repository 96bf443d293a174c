import type { Permission } from '../memories/memory-input.js';

/** The formats an import understands (see README, "Export and import"). */
export const IMPORT_FORMATS = ['picard', 'mcp-memory', 'mem0', 'text'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** An earlier version of a memory, as a Picard bundle carries it. */
export interface CandidateVersion {
  version: number;
  text: string;
  permission: Permission;
  tags: string[];
  expiresAt: Date | null;
  createdAt: Date;
  replacedAt: Date;
}

/**
 * One memory a file asks for, before the account's rules (permission,
 * expiry, duplicates) are applied. `line` is where it starts in the file
 * (1-based), for reports.
 */
export interface ImportCandidate {
  line: number;
  text: string;
  permission: Permission;
  tags: string[];
  expiresAt: Date | null;
  createdAt?: Date | undefined;
  updatedAt?: Date | undefined;
  /** The bundle's version number (history count + 1); 1 when absent. */
  version?: number | undefined;
  history?: CandidateVersion[] | undefined;
  embedding?: { model: string; vector: number[] } | undefined;
  /**
   * What makes two candidates "the same memory" for idempotence, besides the
   * text (e.g. the creation time a file gives). Hashed per user.
   */
  identity: string;
}

/** A line the import cannot take, with why. */
export interface LineProblem {
  line: number;
  message: string;
}

/** What a format's parser makes of a file. */
export interface ParsedFile {
  candidates: ImportCandidate[];
  problems: LineProblem[];
}

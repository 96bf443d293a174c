import { randomUUID } from 'node:crypto';
import {
  ImportRejectedError,
  ImportTooLargeError,
  NotFoundError,
} from '../errors/domain-errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { EmbeddingWriter } from '../memories/embedding-writer.js';
import type { Permission } from '../memories/memory-input.js';
import type { MemoryRepository } from '../memories/memory-repository.js';
import { keywordColumns, type KeywordHasher } from '../memories/keyword-hasher.js';
import type { TextCipher } from '../memories/text-cipher.js';
import { UUID } from '../memories/cursor.js';
import { detectFormat, PARSERS } from './detect-format.js';
import type { ImportCandidate, ImportFormat, LineProblem } from './import-candidate.js';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_MEMORIES,
  PREVIEW_LIMIT,
  REPORT_LIST_LIMIT,
} from './import-limits.js';

export interface ImportRequest {
  /** The file's text. */
  content: string;
  /** Detected from the content when absent. */
  format?: ImportFormat | undefined;
  /** Report what would happen; write nothing. */
  dryRun?: boolean | undefined;
  /** Import the valid lines and report the others, instead of importing nothing. */
  skipInvalid?: boolean | undefined;
  /** Keep "public" where the file says so; otherwise every imported memory is private. */
  allowPublic?: boolean | undefined;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface ImportReport {
  /** The import's id (to follow its embedding); null on a dry run or when nothing was new. */
  importId: string | null;
  dryRun: boolean;
  format: ImportFormat;
  /** Memories written (or, on a dry run, that would be). */
  imported: number;
  skippedCount: number;
  skipped: SkippedLine[];
  problemCount: number;
  problems: LineProblem[];
  /** Memories the file marked public that are imported private (allowPublic not given). */
  madePrivate: number;
  /** The first memories, as they would be stored. */
  preview: {
    line: number;
    text: string;
    permission: Permission;
    tags: string[];
    expiresAt: Date | null;
    createdAt: Date;
  }[];
}

export interface ImportStatus {
  id: string;
  format: string;
  createdAt: Date;
  imported: number;
  skipped: number;
  /** Memories of the import that have a vector of the active model (searchable). */
  embedded: number;
  /** Memories of the import still waiting for theirs. */
  pending: number;
  /** `embedding` while any wait, then `done`. */
  status: 'embedding' | 'done';
  finishedAt: Date | null;
}

export interface ImportService {
  /** Validates and (unless a dry run) imports a file into the actor's own account. */
  importFile(actorId: string, request: ImportRequest): Promise<ImportReport>;
  /** Progress of one of the actor's imports; another user's is "not found". */
  status(actorId: string, importId: string): Promise<ImportStatus>;
}

export interface ImportServiceDeps {
  repository: MemoryRepository;
  cipher: TextCipher;
  embeddings: EmbeddingWriter;
  /** The active embedding model and its dimensions (vectors in a file are kept only if they match). */
  embedder: { model: string; dimensions: number };
  /** Imported memories are keyword-indexed as they are written, like created ones. */
  keywords: KeywordHasher;
  now?: () => Date;
}

/**
 * Imports files of memories (see README, "Export and import"). Every line is
 * validated first; a file with any bad line imports nothing unless the caller
 * asks to skip bad lines. The memories are written in one transaction with
 * their embeddings pending, and the background embedding worker takes them
 * from there, so the import answers at once and a restart loses nothing.
 * Each imported memory carries an HMAC of (user, what identifies it, text):
 * importing the same file again adds nothing.
 */
export function createImportService(deps: ImportServiceDeps): ImportService {
  const { repository, cipher, embeddings, embedder, keywords } = deps;
  const now = deps.now ?? (() => new Date());

  return {
    async importFile(actorId, request) {
      const bytes = Buffer.byteLength(request.content, 'utf8');
      if (bytes > MAX_IMPORT_BYTES) {
        throw new ImportTooLargeError(
          `the file is ${bytes} bytes; an import takes at most ${MAX_IMPORT_BYTES} bytes (${MAX_IMPORT_BYTES / 1024 / 1024} MiB): split it into several files`,
        );
      }
      const format = request.format ?? detectFormat(request.content);
      const parsed = PARSERS[format](request.content);
      if (parsed.candidates.length > MAX_IMPORT_MEMORIES) {
        throw new ImportTooLargeError(
          `the file holds ${parsed.candidates.length} memories; an import takes at most ${MAX_IMPORT_MEMORIES}: split it into several files`,
        );
      }
      const problems = parsed.problems.sort((a, b) => a.line - b.line);
      const dryRun = request.dryRun ?? false;
      if (problems.length > 0 && !dryRun && !request.skipInvalid) {
        throw new ImportRejectedError(problems.slice(0, REPORT_LIST_LIMIT), problems.length);
      }

      const at = now();
      const skipped: SkippedLine[] = [];
      // Each candidate's hash under every configured key, the current one
      // (stored with what is imported now) first: files imported before a
      // key rotation are still recognised.
      const hashSets = parsed.candidates.map((candidate) =>
        cipher.fingerprints(JSON.stringify([actorId, candidate.identity, candidate.text])),
      );
      const hashes = hashSets.map((set) => set[0]!);
      const known = await repository.existingContentHashes(actorId, hashSets.flat());
      const existing = new Set(
        hashSets.flatMap((set, i) => (set.some((hash) => known.has(hash)) ? [hashes[i]!] : [])),
      );
      // A memory the file dates that is here already with the same text and time (exported
      // from this account, or imported from another format) is not added twice either.
      const dated = parsed.candidates.flatMap((candidate) => candidate.createdAt ?? []);
      const here = new Set(
        (await repository.createdAtAny(actorId, dated)).map(
          (row) =>
            `${row.createdAt.toISOString()}|${cipher.decrypt(row.textCiphertext, row.keyId, row.id)}`,
        ),
      );
      const firstLineOf = new Map<string, number>();
      const accepted: { candidate: ImportCandidate; hash: string }[] = [];
      for (const [index, candidate] of parsed.candidates.entries()) {
        const hash = hashes[index]!;
        const earlier = firstLineOf.get(hash);
        const sameHere =
          candidate.createdAt && here.has(`${candidate.createdAt.toISOString()}|${candidate.text}`);
        if (existing.has(hash) || sameHere) {
          skipped.push({ line: candidate.line, reason: 'already imported' });
        } else if (earlier !== undefined) {
          skipped.push({ line: candidate.line, reason: `the same memory as line ${earlier}` });
        } else if (candidate.expiresAt && candidate.expiresAt.getTime() <= at.getTime()) {
          skipped.push({ line: candidate.line, reason: 'expired' });
        } else accepted.push({ candidate, hash });
        if (earlier === undefined) firstLineOf.set(hash, candidate.line);
      }
      const permissionOf = (wanted: Permission): Permission =>
        wanted === 'public' && request.allowPublic ? 'public' : 'private';
      const madePrivate = accepted.filter(
        ({ candidate }) => candidate.permission === 'public' && !request.allowPublic,
      ).length;
      const report: ImportReport = {
        importId: null,
        dryRun,
        format,
        imported: accepted.length,
        skippedCount: skipped.length,
        skipped: skipped.slice(0, REPORT_LIST_LIMIT),
        problemCount: problems.length,
        problems: problems.slice(0, REPORT_LIST_LIMIT),
        madePrivate,
        preview: accepted.slice(0, PREVIEW_LIMIT).map(({ candidate }) => ({
          line: candidate.line,
          text: candidate.text,
          permission: permissionOf(candidate.permission),
          tags: candidate.tags,
          expiresAt: candidate.expiresAt,
          createdAt: candidate.createdAt ?? at,
        })),
      };
      if (dryRun || accepted.length === 0) return report;

      const importId = randomUUID();
      const memories: Prisma.MemoryCreateManyInput[] = [];
      const versions: Prisma.MemoryVersionCreateManyInput[] = [];
      const vectors: { id: string; vector: number[]; model: string }[] = [];
      for (const [index, { candidate, hash }] of accepted.entries()) {
        const id = randomUUID();
        // Without a time in the file: the import's, a millisecond apart in file order, so
        // lists and exports keep the file's order.
        const createdAt =
          candidate.createdAt ?? new Date(at.getTime() - (accepted.length - 1 - index));
        memories.push({
          id,
          userId: actorId,
          textCiphertext: cipher.encrypt(candidate.text, id),
          keyId: cipher.keyId,
          permission: permissionOf(candidate.permission),
          tags: candidate.tags,
          expiresAt: candidate.expiresAt,
          version: candidate.version ?? 1,
          createdAt,
          updatedAt: candidate.updatedAt ?? createdAt,
          importId,
          contentHash: hash,
          ...keywordColumns(keywords.entryFor(actorId, candidate.text)),
        });
        for (const earlier of candidate.history ?? []) {
          versions.push({
            memoryId: id,
            version: earlier.version,
            // The memory id is the cipher's associated data: encrypted anew for the new id.
            textCiphertext: cipher.encrypt(earlier.text, id),
            keyId: cipher.keyId,
            permission: permissionOf(earlier.permission),
            tags: earlier.tags,
            expiresAt: earlier.expiresAt,
            createdAt: earlier.createdAt,
            replacedAt: earlier.replacedAt,
          });
        }
        const carried = candidate.embedding;
        if (carried?.model === embedder.model && carried.vector.length === embedder.dimensions) {
          vectors.push({ id, vector: carried.vector, model: carried.model });
        }
      }
      await repository.insertImported({
        record: {
          id: importId,
          userId: actorId,
          format,
          imported: accepted.length,
          skipped: skipped.length + problems.length,
          createdAt: at,
        },
        memories,
        versions,
        vectors,
      });
      // The background worker embeds them; tell it not to wait for its next round.
      embeddings.notifyPending();
      return { ...report, importId };
    },

    async status(actorId, importId) {
      if (!UUID.test(importId)) throw new NotFoundError('import');
      const record = await repository.findImport(importId);
      if (!record || record.userId !== actorId) throw new NotFoundError('import');
      const { present, embedded } = await repository.importProgress(importId, embedder.model);
      const pending = present - embedded;
      let finishedAt = record.finishedAt;
      if (pending === 0 && !finishedAt) {
        finishedAt = now();
        await repository.markImportFinished(importId, finishedAt);
      }
      return {
        id: record.id,
        format: record.format,
        createdAt: record.createdAt,
        imported: record.imported,
        skipped: record.skipped,
        embedded,
        pending,
        status: pending === 0 ? 'done' : 'embedding',
        finishedAt: pending === 0 ? finishedAt : null,
      };
    },
  };
}

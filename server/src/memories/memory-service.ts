import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import {
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '../errors/domain-errors.js';
import { toPage, UUID } from './cursor.js';
import type { EmbeddingWriter } from './embedding-writer.js';
import type { Memory, MemoryPage, MemoryVersion } from './memory.js';
import {
  createMemoryInput,
  IDEMPOTENCY_KEY_TTL_MS,
  listMemoriesInput,
  parseInput,
  permissionInput,
  updateMemoryInput,
  type CreateMemoryInput,
  type ListMemoriesInput,
  type Permission,
  type UpdateMemoryInput,
} from './memory-input.js';
import type { TextCipher } from './text-cipher.js';
import { keywordColumns, type KeywordHasher } from './keyword-hasher.js';
import type { KeywordFields, MemoryRepository, MemoryRowFields } from './memory-repository.js';
import type { VectorExpression } from './vector-index.js';
import { vectorNearest } from './vector-nearest.js';
import { canChange, canRead, resolveOwnerScope } from './visibility.js';

export interface MemoryServiceDeps {
  /** For the owner lookups of the visibility rules. */
  db: Database;
  repository: MemoryRepository;
  cipher: TextCipher;
  embeddings: EmbeddingWriter;
  /** The model whose vectors count as "embedded". */
  activeModel: string;
  keywords: KeywordHasher;
  /** The active model's vector expression (for the duplicate check); undefined while unknown. */
  vectorExpression: () => VectorExpression | undefined;
  /** Cosine similarity from which a new memory is a near-duplicate of a stored one. */
  duplicateSimilarity: number;
  exactScanMax?: number;
  /** The clock; tests pass their own to move time. */
  now?: () => Date;
}

/**
 * Memory CRUD and history. Every operation takes the acting user's id
 * explicitly (from the access token, never from input). Another user's
 * private or expired memory is reported exactly like a missing one.
 */
export interface MemoryService {
  /**
   * Stores a memory. With an `idempotencyKey` already used by the actor in
   * the last 24 hours, returns that create's memory (as it is now) instead,
   * or refuses when the input differs. Concurrent creates with one key make
   * one memory (a unique index decides).
   */
  create(actorId: string, input: CreateMemoryInput): Promise<CreatedMemory>;
  /** The actor's own memory, or another user's public one. */
  get(actorId: string, memoryId: string): Promise<Memory>;
  /**
   * The actor's own memories, newest first; with `username`, that user's
   * public ones (all of them when it is the actor).
   */
  list(actorId: string, input?: ListMemoriesInput): Promise<MemoryPage>;
  /** Edits a memory; `supersedes` marks others of the actor's as replaced by it. */
  update(actorId: string, memoryId: string, input: UpdateMemoryInput): Promise<Memory>;
  setPermission(actorId: string, memoryId: string, permission: Permission): Promise<Memory>;
  delete(actorId: string, memoryId: string): Promise<void>;
  /** How many unexpired memories the actor has, by permission, and their tags by use. */
  summary(actorId: string): Promise<MemorySummary>;
  /** Earlier versions of the actor's own memory, newest first. */
  history(actorId: string, memoryId: string): Promise<MemoryVersion[]>;
  /**
   * Decrypts stored rows for the actor (used by search): a successor link is
   * kept only where the actor may read the successor.
   */
  toMemories(actorId: string, rows: MemoryRowFields[]): Promise<Memory[]>;
  /** Tags on the actor's own memories starting with `prefix` (for completion). */
  suggestTags(actorId: string, prefix: string): Promise<string[]>;
  /**
   * Usernames starting with `prefix` whose memories the actor may read: users
   * with public memories, and the actor (for completion).
   */
  suggestUsernames(actorId: string, prefix: string): Promise<string[]>;
}

/** A stored memory close to a new one. */
export interface NearDuplicate {
  id: string;
  text: string;
  similarity: number;
}

/** What a create returns: the memory, and the actor's memories it nearly repeats. */
export interface CreatedMemory extends Memory {
  duplicates: NearDuplicate[];
  /** True when `onDuplicate: "skip"` stored nothing: the memory is the closest duplicate. */
  skipped: boolean;
}

/** How many values a completion offers (MCP allows at most 100 per answer). */
const SUGGESTIONS = 20;

export type { MemoryRowFields };

export interface MemorySummary {
  total: number;
  byPermission: Record<Permission, number>;
  /** Most used first (then by name); at most {@link MAX_SUMMARY_TAGS}. */
  tags: { name: string; count: number }[];
}

/** A summary lists this many tags at most: enough for suggestions, bounded for heavy users. */
export const MAX_SUMMARY_TAGS = 200;

export function createMemoryService(deps: MemoryServiceDeps): MemoryService {
  const { db, repository, cipher, embeddings, activeModel, keywords } = deps;
  const now = deps.now ?? (() => new Date());
  const keywordFields = (ownerId: string, text: string): KeywordFields =>
    keywordColumns(keywords.entryFor(ownerId, text));

  /** The actor's current memories at least `duplicateSimilarity` alike to `vector`. */
  const nearDuplicates = async (actorId: string, vector: number[]): Promise<NearDuplicate[]> => {
    const expression = deps.vectorExpression();
    if (!expression) return [];
    const near = await vectorNearest(
      repository,
      expression,
      { ownerId: actorId, now: now(), vector, limit: 5 },
      deps.exactScanMax ?? 2_000,
    );
    return near
      .filter(({ distance }) => 1 - distance >= deps.duplicateSimilarity)
      .map(({ row, distance }) => ({
        id: row.id,
        text: cipher.decrypt(row.textCiphertext, row.keyId, row.id),
        similarity: 1 - distance,
      }));
  };

  /** Refuses ids that are not the actor's own current memories, as "not found". */
  const checkSupersedable = async (actorId: string, ids: string[], self?: string) => {
    if (ids.length === 0) return;
    const valid = ids.every((id) => UUID.test(id)) && !ids.includes(self ?? '');
    const owned = valid ? await repository.ownedIds(actorId, ids, now()) : [];
    if (owned.length !== ids.length) {
      // Someone else's memory reads exactly like a missing one.
      throw new ValidationError(
        'supersedes names a memory that does not exist or is not yours (or is this memory)',
        'supersedes',
      );
    }
  };

  const toMemory = (row: MemoryRowFields, text?: string): Memory => ({
    supersededBy: row.supersededById,
    id: row.id,
    ownerId: row.userId,
    text: text ?? cipher.decrypt(row.textCiphertext, row.keyId, row.id),
    permission: row.permission,
    tags: row.tags,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
    embeddingPending: row.embeddingModel !== activeModel,
  });

  const checkExpiry = (expiresAt: Date | null | undefined) => {
    if (expiresAt && expiresAt.getTime() <= now().getTime()) {
      throw new ValidationError('expiresAt must be in the future', 'expiresAt');
    }
  };

  /** The row, if the actor may change it; otherwise "not found". */
  const findChangeable = async (actorId: string, memoryId: string) => {
    if (!UUID.test(memoryId)) throw new NotFoundError('memory');
    const row = await repository.findFull(memoryId);
    if (!row || !canChange(actorId, row, now())) throw new NotFoundError('memory');
    return row;
  };

  /** The memory an earlier create with this key made, if the key is still honoured. */
  const replay = async (
    actorId: string,
    key: string,
    fingerprint: string,
  ): Promise<Memory | undefined> => {
    // Keys are honoured for a day; after that the key is free for a new create.
    await repository.releaseIdempotencyKey(
      actorId,
      key,
      new Date(now().getTime() - IDEMPOTENCY_KEY_TTL_MS),
    );
    const row = await repository.findByIdempotencyKey(actorId, key);
    if (!row) return undefined;
    if (row.idempotencyFingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return toMemory(row);
  };

  /** Hides a successor link from a reader who may not read the successor. */
  const forReader = async (actorId: string, memory: Memory): Promise<Memory> => {
    if (!memory.supersededBy || memory.ownerId === actorId) return memory;
    const visible = await repository.publicIds([memory.supersededBy]);
    return visible.has(memory.supersededBy) ? memory : { ...memory, supersededBy: null };
  };

  return {
    async toMemories(actorId, rows) {
      const foreign = rows.flatMap((row) =>
        row.supersededById && row.userId !== actorId ? [row.supersededById] : [],
      );
      const visible = await repository.publicIds(foreign);
      return rows.map((row) => {
        const memory = toMemory(row);
        const hidden =
          memory.supersededBy && row.userId !== actorId && !visible.has(memory.supersededBy);
        return hidden ? { ...memory, supersededBy: null } : memory;
      });
    },

    suggestTags: (actorId, prefix) =>
      repository.tagsStartingWith({ ownerId: actorId, now: now(), prefix, limit: SUGGESTIONS }),

    async suggestUsernames(actorId, prefix) {
      const [self, others] = await Promise.all([
        db.prisma.user.findUnique({ where: { id: actorId }, select: { username: true } }),
        repository.publicOwnersStartingWith({ now: now(), prefix, limit: SUGGESTIONS }),
      ]);
      const mine = self && self.username.startsWith(prefix.toLowerCase()) ? [self.username] : [];
      return [...new Set([...mine, ...others])].slice(0, SUGGESTIONS);
    },

    async create(actorId, input) {
      const data = parseInput(createMemoryInput, input);
      const key = data.idempotencyKey;
      // An HMAC of the input: the stored fingerprint reveals nothing of the text.
      const fingerprint = key
        ? cipher.fingerprint(
            JSON.stringify([
              data.text,
              data.permission,
              data.tags,
              data.expiresAt?.toISOString() ?? null,
              // Only when used, so keys given before these fields existed still match.
              ...(data.supersedes.length > 0 || data.onDuplicate !== 'keep'
                ? [data.onDuplicate, data.supersedes]
                : []),
            ]),
          )
        : null;
      if (key) {
        const earlier = await replay(actorId, key, fingerprint!);
        if (earlier) return { ...earlier, duplicates: [], skipped: false };
      }
      checkExpiry(data.expiresAt);
      await checkSupersedable(actorId, data.supersedes);
      const { vector, late } = await embeddings.vectorFor(data.text);
      const duplicates = vector ? await nearDuplicates(actorId, vector) : [];
      if (data.onDuplicate === 'skip' && duplicates.length > 0) {
        const closest = await repository.find(duplicates[0]!.id);
        if (closest) return { ...toMemory(closest), duplicates, skipped: true };
      }
      const id = randomUUID();
      let row;
      try {
        row = await repository.insert({
          id,
          userId: actorId,
          textCiphertext: cipher.encrypt(data.text, id),
          keyId: cipher.keyId,
          permission: data.permission,
          tags: data.tags,
          expiresAt: data.expiresAt ?? null,
          createdAt: now(),
          updatedAt: now(),
          idempotencyKey: key ?? null,
          idempotencyFingerprint: fingerprint,
          ...keywordFields(actorId, data.text),
        });
      } catch (error) {
        // A concurrent create with the same key won the unique index.
        const earlier =
          key && isUniqueViolation(error) && (await replay(actorId, key, fingerprint!));
        if (earlier) return { ...earlier, duplicates: [], skipped: false };
        throw error;
      }
      const replaced = [
        ...new Set([
          ...data.supersedes,
          ...(data.onDuplicate === 'supersede' ? duplicates.map((duplicate) => duplicate.id) : []),
        ]),
      ];
      if (replaced.length > 0) await repository.supersede(actorId, id, replaced);
      // The duplicate check's vector is this text's: stored, not computed again.
      if (vector) await embeddings.store(id, row.version, vector);
      else if (late) {
        // A slow provider: the vector is stored when it arrives.
        void late.then((arrived) => arrived && embeddings.store(id, row.version, arrived));
      } else await repository.noteEmbeddingFailure([id]);
      return {
        ...toMemory(row, data.text),
        embeddingPending: !vector,
        duplicates,
        skipped: false,
      };
    },

    async get(actorId, memoryId) {
      if (!UUID.test(memoryId)) throw new NotFoundError('memory');
      const row = await repository.find(memoryId);
      if (!row || !canRead(actorId, row, now())) throw new NotFoundError('memory');
      return forReader(actorId, toMemory(row));
    },

    async list(actorId, input = {}) {
      const query = parseInput(listMemoriesInput, input);
      const scope = await resolveOwnerScope(db, actorId, query.username, query.permission);
      if (!scope) return { items: [] };
      const rows = await repository.list({
        ownerId: scope.ownerId,
        now: now(),
        permission: scope.permission,
        tag: query.tag,
        createdAfter: query.createdAfter,
        createdBefore: query.createdBefore,
        cursor: query.cursor,
        order: query.sort,
        take: query.limit + 1,
      });
      const page = toPage(rows, query.limit, (row) => toMemory(row), query.sort);
      return { ...page, items: await Promise.all(page.items.map((m) => forReader(actorId, m))) };
    },

    async summary(actorId) {
      const counts = await repository.summarize(actorId, now(), MAX_SUMMARY_TAGS);
      const byPermission = {
        private: counts.byPermission.private ?? 0,
        public: counts.byPermission.public ?? 0,
      };
      const { tags } = counts;
      return { total: byPermission.private + byPermission.public, byPermission, tags };
    },

    async update(actorId, memoryId, input) {
      const current = await findChangeable(actorId, memoryId);
      const { supersedes = [], ...changes } = parseInput(updateMemoryInput, input);
      checkExpiry(changes.expiresAt);
      await checkSupersedable(actorId, supersedes, current.id);
      if (supersedes.length > 0) await repository.supersede(actorId, current.id, supersedes);
      const currentText = cipher.decrypt(current.textCiphertext, current.keyId, current.id);
      const textChanged = changes.text !== undefined && changes.text !== currentText;
      const tagsChanged = changes.tags !== undefined && !sameList(changes.tags, current.tags);
      const expiryChanged =
        changes.expiresAt !== undefined &&
        (changes.expiresAt?.getTime() ?? null) !== (current.expiresAt?.getTime() ?? null);
      // An edit that changes nothing is no edit: no new version, no history entry.
      if (!textChanged && !tagsChanged && !expiryChanged) return toMemory(current, currentText);
      // The keyword index follows the text in the same write: never stale.
      const row = await repository.replaceVersion(
        current,
        {
          ...(textChanged
            ? {
                textCiphertext: cipher.encrypt(changes.text!, current.id),
                keyId: cipher.keyId,
                ...keywordFields(current.userId, changes.text!),
              }
            : {}),
          ...(tagsChanged ? { tags: changes.tags } : {}),
          ...(expiryChanged ? { expiresAt: changes.expiresAt } : {}),
        },
        now(),
      );
      if (!textChanged) return toMemory(row);
      // New text, new vector: the old one no longer describes the memory.
      await repository.clearEmbedding(row.id, row.version);
      const embedded = await embeddings.embedNow(row.id, row.version, changes.text!);
      return { ...toMemory(row, changes.text), embeddingPending: !embedded };
    },

    async setPermission(actorId, memoryId, permission) {
      const current = await findChangeable(actorId, memoryId);
      const value = parseInput(permissionInput, permission);
      if (value === current.permission) return toMemory(current);
      return toMemory(await repository.replaceVersion(current, { permission: value }, now()));
    },

    async delete(actorId, memoryId) {
      const current = await findChangeable(actorId, memoryId);
      await repository.delete(current.id, actorId);
    },

    async history(actorId, memoryId) {
      // History may hold text that was private once: owners only, even for public memories.
      const current = await findChangeable(actorId, memoryId);
      const versions = await repository.versions(current.id);
      return versions.map((version) => ({
        version: version.version,
        text: cipher.decrypt(version.textCiphertext, version.keyId, current.id),
        permission: version.permission,
        tags: version.tags,
        expiresAt: version.expiresAt,
        createdAt: version.createdAt,
        replacedAt: version.replacedAt,
      }));
    },
  };
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, index) => item === b[index]);

/** PostgreSQL's unique_violation, as Prisma reports it. */
const isUniqueViolation = (error: unknown) =>
  (error as { code?: string }).code === 'P2002' ||
  /unique constraint|duplicate key/i.test((error as Error).message ?? '');

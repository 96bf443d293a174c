import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import {
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '../errors/domain-errors.js';
import { toPage, UUID } from './cursor.js';
import {
  noContradictionFinder,
  type Contradiction,
  type ContradictionFinder,
} from './contradiction-finder.js';
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
import type { ShareKeywordIndexer } from './share-keyword-indexer.js';
import type { KeywordFields, MemoryRepository, MemoryRowFields } from './memory-repository.js';
import type { VectorExpression } from './vector-index.js';
import { vectorNearest } from './vector-nearest.js';
import {
  canChange,
  resolveOwnerScope,
  toActor,
  withinLimit,
  type Actor,
  type ActorLike,
} from './visibility.js';

export interface MemoryServiceDeps {
  /** For the owner lookups of the visibility rules. */
  db: Database;
  repository: MemoryRepository;
  cipher: TextCipher;
  embeddings: EmbeddingWriter;
  /** The model whose vectors count as "embedded". */
  activeModel: string;
  keywords: KeywordHasher;
  /** Re-hashes a shared memory's postings for its readers after an edit. */
  shareKeywords: Pick<ShareKeywordIndexer, 'indexMemory'>;
  /** The active model's vector expression (for the duplicate check); undefined while unknown. */
  vectorExpression: () => VectorExpression | undefined;
  /** Cosine similarity from which a new memory is a near-duplicate of a stored one. */
  duplicateSimilarity: number;
  /** Suggests what a new memory contradicts (a language model); none offline. */
  contradictions?: ContradictionFinder;
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
  create(actor: ActorLike, input: CreateMemoryInput): Promise<CreatedMemory>;
  /** The actor's own memory, or another user's public one. */
  get(actor: ActorLike, memoryId: string): Promise<Memory>;
  /**
   * The actor's own memories, newest first; with `username`, that user's
   * public ones (all of them when it is the actor).
   */
  list(actor: ActorLike, input?: ListMemoriesInput): Promise<MemoryPage>;
  /**
   * Edits a memory; `supersedes` marks others of the actor's as replaced by
   * it. New text is checked like a create's: the result names the actor's
   * other memories it now nearly repeats or may contradict (suggestions).
   */
  update(actor: ActorLike, memoryId: string, input: UpdateMemoryInput): Promise<UpdatedMemory>;
  setPermission(actor: ActorLike, memoryId: string, permission: Permission): Promise<Memory>;
  delete(actor: ActorLike, memoryId: string): Promise<void>;
  /** How many unexpired memories the actor has, by permission, and their tags by use. */
  summary(actor: ActorLike): Promise<MemorySummary>;
  /** Earlier versions of the actor's own memory, newest first. */
  history(actor: ActorLike, memoryId: string): Promise<MemoryVersion[]>;
  /** The actor's own memory, if the actor may change it; otherwise "not found". */
  findChangeable(actor: ActorLike, memoryId: string): Promise<MemoryRowFields>;
  /**
   * Decrypts stored rows for the actor (used by search): a successor link is
   * kept only where the actor may read the successor.
   */
  toMemories(actor: ActorLike, rows: MemoryRowFields[]): Promise<Memory[]>;
  /**
   * Which of `ids` the actor may read now (the read rule, within a limited
   * application's tags); deleted and expired memories are not among them.
   */
  readableIds(actor: ActorLike, ids: string[]): Promise<Set<string>>;
  /** Tags on the actor's own memories starting with `prefix` (for completion). */
  suggestTags(actor: ActorLike, prefix: string): Promise<string[]>;
  /**
   * Usernames starting with `prefix` whose memories the actor may read (public
   * or shared with them; the actor too), for completion.
   */
  suggestUsernames(actor: ActorLike, prefix: string): Promise<string[]>;
}

/** A stored memory close to a new one. */
export interface NearDuplicate {
  id: string;
  text: string;
  similarity: number;
}

/**
 * What a create returns: the memory, the actor's memories it nearly repeats,
 * and those a language model says it contradicts (none offline).
 */
export interface CreatedMemory extends UpdatedMemory {
  /** True when `onDuplicate: "skip"` stored nothing: the memory is the closest duplicate. */
  skipped: boolean;
}

/**
 * What an edit returns: the memory and, when its text changed, the actor's
 * other memories it nearly repeats and those a language model says it
 * contradicts (none offline). Nothing else is changed by them.
 */
export interface UpdatedMemory extends Memory {
  duplicates: NearDuplicate[];
  contradictions: Contradiction[];
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
  const { db, repository, cipher, embeddings, activeModel, keywords, shareKeywords } = deps;
  const now = deps.now ?? (() => new Date());
  const keywordFields = (ownerId: string, text: string): KeywordFields =>
    keywordColumns(keywords.entryFor(ownerId, text));

  const contradictions = deps.contradictions ?? noContradictionFinder;

  /**
   * The actor's current memories nearest to `vector`: those at least
   * `duplicateSimilarity` alike are near-duplicates; all of them are what a
   * contradiction check compares the new text with.
   */
  const neighbours = async (
    actor: Actor,
    vector: number[],
    /** Memories that are not candidates: the one edited, those it replaced. */
    except: readonly string[] = [],
  ): Promise<{ duplicates: NearDuplicate[]; related: NearDuplicate[] }> => {
    const expression = deps.vectorExpression();
    if (!expression) return { duplicates: [], related: [] };
    const near = await vectorNearest(
      repository,
      expression,
      {
        reader: actor,
        scope: { kind: 'owner', ownerId: actor.userId, permission: undefined },
        now: now(),
        vector,
        limit: 5 + except.length,
      },
      deps.exactScanMax ?? 2_000,
    );
    // Texts are decrypted only where they are returned or compared.
    const related = near
      .filter(({ row }) => !except.includes(row.id))
      .slice(0, 5)
      .filter(({ distance }) => contradictions.enabled || 1 - distance >= deps.duplicateSimilarity)
      .map(({ row, distance }) => ({
        id: row.id,
        text: cipher.decrypt(row.textCiphertext, row.keyId, row.id),
        similarity: 1 - distance,
      }));
    return {
      duplicates: related.filter(({ similarity }) => similarity >= deps.duplicateSimilarity),
      related,
    };
  };

  /**
   * Stores the vector a write computed for its duplicate check (not computed
   * again); from a slow provider, when it arrives; from a failed one, never:
   * the memory waits for the retry worker.
   */
  const storeVector = async (
    id: string,
    version: number,
    { vector, late }: Awaited<ReturnType<EmbeddingWriter['vectorFor']>>,
  ) => {
    if (vector) await embeddings.store(id, version, vector);
    else if (late) void late.then((arrived) => arrived && embeddings.store(id, version, arrived));
    else await repository.noteEmbeddingFailure([id]);
  };

  /** Refuses ids that are not the actor's own current memories, as "not found". */
  const checkSupersedable = async (actor: Actor, ids: string[], self?: string) => {
    if (ids.length === 0) return;
    const valid = ids.every((id) => UUID.test(id)) && !ids.includes(self ?? '');
    const owned = valid ? await repository.ownedIds(actor.userId, ids, now()) : [];
    // A tag-limited application supersedes only within its tags.
    const reachable = actor.tags?.length
      ? await repository.readableIds(owned, actor, now())
      : new Set(owned);
    if (owned.length !== ids.length || reachable.size !== ids.length) {
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
  const findChangeable = async (actorLike: ActorLike, memoryId: string) => {
    if (!UUID.test(memoryId)) throw new NotFoundError('memory');
    const row = await repository.findFull(memoryId);
    if (!row || !canChange(toActor(actorLike), row, now())) throw new NotFoundError('memory');
    return row;
  };

  /** The memory an earlier create with this key made, if the key is still honoured. */
  const replay = async (
    actorId: string,
    key: string,
    fingerprints: string[],
  ): Promise<Memory | undefined> => {
    // Keys are honoured for a day; after that the key is free for a new create.
    await repository.releaseIdempotencyKey(
      actorId,
      key,
      new Date(now().getTime() - IDEMPOTENCY_KEY_TTL_MS),
    );
    const row = await repository.findByIdempotencyKey(actorId, key);
    if (!row) return undefined;
    // The same input fingerprints alike under the key it was first sent with,
    // current or retired since.
    if (!fingerprints.includes(row.idempotencyFingerprint ?? '')) {
      throw new IdempotencyKeyReusedError();
    }
    return toMemory(row);
  };

  /** Hides a successor link from a reader who may not read the successor. */
  const forReader = async (actor: Actor, memory: Memory): Promise<Memory> => {
    if (!memory.supersededBy || memory.ownerId === actor.userId) return memory;
    const visible = await repository.readableIds([memory.supersededBy], actor, now());
    return visible.has(memory.supersededBy) ? memory : { ...memory, supersededBy: null };
  };

  /**
   * A tag-limited application's writes carry its tags: tags that keep none
   * of them get all of them added, so nothing it writes leaves its reach.
   */
  const limitedTags = (actor: Actor, tags: string[]) =>
    withinLimit(actor, tags) ? tags : [...new Set([...tags, ...actor.tags!])];

  return {
    findChangeable,

    async toMemories(actorLike, rows) {
      const actor = toActor(actorLike);
      const actorId = actor.userId;
      const foreign = rows.flatMap((row) =>
        row.supersededById && row.userId !== actorId ? [row.supersededById] : [],
      );
      const visible = await repository.readableIds(foreign, actor, now());
      return rows.map((row) => {
        const memory = toMemory(row);
        const hidden =
          memory.supersededBy && row.userId !== actorId && !visible.has(memory.supersededBy);
        return hidden ? { ...memory, supersededBy: null } : memory;
      });
    },

    readableIds: (actorLike, ids) =>
      repository.readableIds([...new Set(ids)], toActor(actorLike), now()),

    suggestTags: (actorLike, prefix) =>
      repository.tagsStartingWith({
        owner: toActor(actorLike),
        now: now(),
        prefix,
        limit: SUGGESTIONS,
      }),

    async suggestUsernames(actorLike, prefix) {
      const actor = toActor(actorLike);
      const [self, others] = await Promise.all([
        db.prisma.user.findUnique({ where: { id: actor.userId }, select: { username: true } }),
        repository.readableOwnersStartingWith({
          reader: actor,
          now: now(),
          prefix,
          limit: SUGGESTIONS,
        }),
      ]);
      const mine = self && self.username.startsWith(prefix.toLowerCase()) ? [self.username] : [];
      return [...new Set([...mine, ...others])].slice(0, SUGGESTIONS);
    },

    async create(actorLike, input) {
      const actor = toActor(actorLike);
      const actorId = actor.userId;
      const parsed = parseInput(createMemoryInput, input);
      const data = { ...parsed, tags: limitedTags(actor, parsed.tags) };
      const key = data.idempotencyKey;
      // An HMAC of the input: the stored fingerprint reveals nothing of the text.
      const fingerprints = key
        ? cipher.fingerprints(
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
        : [];
      // Stored under the current key.
      const fingerprint = fingerprints[0] ?? null;
      if (key) {
        const earlier = await replay(actorId, key, fingerprints);
        if (earlier) return { ...earlier, duplicates: [], contradictions: [], skipped: false };
      }
      checkExpiry(data.expiresAt);
      await checkSupersedable(actor, data.supersedes);
      const embedded = await embeddings.vectorFor(data.text);
      const { vector } = embedded;
      const { duplicates, related } = vector
        ? await neighbours(actor, vector)
        : { duplicates: [], related: [] };
      if (data.onDuplicate === 'skip' && duplicates.length > 0) {
        const closest = await repository.findReadable(duplicates[0]!.id, actor, now());
        if (closest) return { ...toMemory(closest), duplicates, contradictions: [], skipped: true };
      }
      // Asked while the row is written; the model's wait is bounded by the finder.
      const contradicted = contradictions.find(data.text, related);
      const id = randomUUID();
      let row;
      try {
        row = await repository.insert(
          {
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
          },
          // The vector is written with the row when it came in time.
          vector && { vector, model: activeModel },
        );
      } catch (error) {
        // A concurrent create with the same key won the unique index.
        const earlier =
          key && isUniqueViolation(error) && (await replay(actorId, key, fingerprints));
        if (earlier) return { ...earlier, duplicates: [], contradictions: [], skipped: false };
        throw error;
      }
      const replaced = [
        ...new Set([
          ...data.supersedes,
          ...(data.onDuplicate === 'supersede' ? duplicates.map((duplicate) => duplicate.id) : []),
        ]),
      ];
      if (replaced.length > 0) await repository.supersede(actorId, id, replaced);
      if (!vector) await storeVector(id, row.version, embedded);
      return {
        ...toMemory(row, data.text),
        embeddingPending: !vector,
        duplicates,
        // What this write superseded is settled, not a suggestion.
        contradictions: (await contradicted).filter(({ id }) => !replaced.includes(id)),
        skipped: false,
      };
    },

    async get(actorLike, memoryId) {
      if (!UUID.test(memoryId)) throw new NotFoundError('memory');
      const actor = toActor(actorLike);
      const row = await repository.findReadable(memoryId, actor, now());
      if (!row) throw new NotFoundError('memory');
      return forReader(actor, toMemory(row));
    },

    async list(actorLike, input = {}) {
      const actor = toActor(actorLike);
      const query = parseInput(listMemoriesInput, input);
      const scope = await resolveOwnerScope(
        db,
        actor,
        query.username,
        query.permission,
        query.scope,
      );
      const rows = await repository.list({
        reader: actor,
        scope,
        now: now(),
        tag: query.tag,
        createdAfter: query.createdAfter,
        createdBefore: query.createdBefore,
        cursor: query.cursor,
        order: query.sort,
        take: query.limit + 1,
      });
      const page = toPage(rows, query.limit, (row) => toMemory(row), query.sort);
      return { ...page, items: await Promise.all(page.items.map((m) => forReader(actor, m))) };
    },

    async summary(actorLike) {
      const counts = await repository.summarize(toActor(actorLike), now(), MAX_SUMMARY_TAGS);
      const byPermission = {
        private: counts.byPermission.private ?? 0,
        public: counts.byPermission.public ?? 0,
        shared: counts.byPermission.shared ?? 0,
      };
      const { tags } = counts;
      return {
        total: byPermission.private + byPermission.public + byPermission.shared,
        byPermission,
        tags,
      };
    },

    async update(actorLike, memoryId, input) {
      const actor = toActor(actorLike);
      const actorId = actor.userId;
      const current = await findChangeable(actor, memoryId);
      const { supersedes = [], ...parsed } = parseInput(updateMemoryInput, input);
      const changes =
        parsed.tags === undefined ? parsed : { ...parsed, tags: limitedTags(actor, parsed.tags) };
      checkExpiry(changes.expiresAt);
      await checkSupersedable(actor, supersedes, current.id);
      if (supersedes.length > 0) await repository.supersede(actorId, current.id, supersedes);
      const currentText = cipher.decrypt(current.textCiphertext, current.keyId, current.id);
      const textChanged = changes.text !== undefined && changes.text !== currentText;
      const tagsChanged = changes.tags !== undefined && !sameList(changes.tags, current.tags);
      const expiryChanged =
        changes.expiresAt !== undefined &&
        (changes.expiresAt?.getTime() ?? null) !== (current.expiresAt?.getTime() ?? null);
      const unchecked = { duplicates: [], contradictions: [] };
      // An edit that changes nothing is no edit: no new version, no history entry.
      if (!textChanged && !tagsChanged && !expiryChanged) {
        return { ...toMemory(current, currentText), ...unchecked };
      }
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
      if (!textChanged) return { ...toMemory(row), ...unchecked };
      // The new text's postings for whoever it is shared with (the old ones went with the write).
      await shareKeywords.indexMemory(row.id);
      // New text, new vector: the old one no longer describes the memory.
      await repository.clearEmbedding(row.id, row.version);
      const embedded = await embeddings.vectorFor(changes.text!);
      const { vector } = embedded;
      await storeVector(row.id, row.version, embedded);
      // Checked as a create is, against the actor's other current memories.
      const except = [row.id, ...supersedes];
      const { duplicates, related } = vector
        ? await neighbours(actor, vector, except)
        : { duplicates: [], related: [] };
      return {
        ...toMemory(row, changes.text),
        embeddingPending: !vector,
        duplicates,
        contradictions: await contradictions.find(changes.text!, related),
      };
    },

    async setPermission(actorId, memoryId, permission) {
      const current = await findChangeable(actorId, memoryId);
      const value = parseInput(permissionInput, permission);
      if (value === current.permission) return toMemory(current);
      return toMemory(await repository.replaceVersion(current, { permission: value }, now()));
    },

    async delete(actorLike, memoryId) {
      const current = await findChangeable(actorLike, memoryId);
      await repository.delete(current.id, current.userId);
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

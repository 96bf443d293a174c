import pgvector from 'pgvector';
import type { Database } from '../db/database.js';
import { ConflictError } from '../errors/domain-errors.js';
import type {
  Memory as MemoryRow,
  MemoryVersion as VersionRow,
  Prisma,
} from '../generated/prisma/client.js';
import type { OwnerQueryHashes } from './keyword-hasher.js';
import { decodeCursor, type ListOrder } from './cursor.js';
import {
  limitTagsParam,
  readableBy,
  scopeCandidates,
  scopeDriver,
  scopeSql,
  type Actor,
  type OwnerScope,
} from './visibility.js';
import type { Permission } from './memory-input.js';
import type { VectorExpression } from './vector-index.js';

/**
 * The one owner of the `memories` and `memory_versions` tables (and of
 * `memory_imports`, written in the same transactions): every query on them
 * is here, through Prisma or, on hot paths (reading one memory,
 * search, embedding writes), plain SQL. The services above hold the rules
 * (visibility, versioning, encryption) and never write SQL themselves.
 */

/** The columns a memory is made from. */
export type MemoryRowFields = Pick<
  MemoryRow,
  | 'id'
  | 'userId'
  | 'textCiphertext'
  | 'keyId'
  | 'permission'
  | 'tags'
  | 'expiresAt'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'embeddingModel'
  | 'supersededById'
>;

export type { MemoryRow, VersionRow };

/**
 * Whose memories a listing or search covers: what the reader may read at all
 * ({@link readableBy}, always applied) narrowed to a scope.
 */
export interface MemoryScope {
  reader: Actor;
  scope: OwnerScope;
  now: Date;
}

export interface ListQuery extends MemoryScope {
  tag?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  cursor?: string | undefined;
  order?: ListOrder | undefined;
  /** Rows to read; one more than a page, to know whether another follows. */
  take: number;
}

/** What both rankings of a search filter on. */
export interface SearchFilter extends MemoryScope {
  /** Memories carrying all of these. */
  tags?: string[] | undefined;
  /** Also memories another one replaced. */
  includeSuperseded?: boolean | undefined;
}

export interface SearchQuery extends SearchFilter {
  vector: number[];
  limit: number;
}

/** Collects SQL parameters and hands out their placeholders. */
export function sqlParams() {
  const values: unknown[] = [];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/**
 * The WHERE condition of every list and search, on `memories` aliased `m`:
 * the read rule, the scope, and the filters. `driven` adds the scope's
 * driver ({@link scopeDriver}) for queries that go through every candidate;
 * `probe` tests the read rule's shares one memory at a time (see
 * `ReaderParams.probe`), for statements that test only a few memories.
 */
function coverage(
  params: ReturnType<typeof sqlParams>,
  query: MemoryScope & { tags?: string[] | undefined; includeSuperseded?: boolean | undefined },
  driven = false,
  probe = false,
): string {
  const reader = params.add(query.reader.userId);
  const readable = readableBy('m', {
    reader,
    now: params.add(query.now),
    tags: params.add(limitTagsParam(query.reader)),
    probe,
  });
  const scoped = scopeSql('m', query.scope, {
    reader,
    owner: query.scope.kind === 'owner' ? params.add(query.scope.ownerId) : 'NULL',
    permission: params.add(query.scope.permission ?? null),
  });
  const tags = query.tags?.length ? ` AND m.tags @> ${params.add(query.tags)}::text[]` : '';
  const superseded =
    query.includeSuperseded === undefined
      ? ''
      : ` AND (${params.add(query.includeSuperseded)}::boolean OR m.superseded_by IS NULL)`;
  const driver = driven ? scopeDriver('m', query.scope, { reader }) : '';
  return `${readable} AND ${scoped}${tags}${superseded}${driver ? ` AND ${driver}` : ''}`;
}

/**
 * Whether BM25's memory count and average length can come from
 * `keyword_stats` (kept by triggers, migration 0017) rather than from
 * counting rows: when the reader searches their own memories with no tag
 * filter and no application limit, every one of their memories is in scope
 * but for the permission and superseded filters (the table's keys) and
 * expiry (subtracted by {@link keptStatisticsSql}). Other scopes depend on
 * shares and tags the table does not know, and are counted.
 */
function keptStatistics(query: SearchFilter): boolean {
  return (
    query.scope.kind === 'owner' &&
    query.scope.ownerId === query.reader.userId &&
    !query.tags?.length &&
    limitTagsParam(query.reader) === null
  );
}

/**
 * Whether the keyword matches can come from `keyword_postings` (migration
 * 0019): the postings know each memory's owner, permission, superseded mark
 * and expiry, not its tags, so a tag filter or an application limit goes to
 * the GIN index instead. Own, shared and "all" searches qualify; another
 * owner's memories (a persona search) would need the read rule per posting
 * and stay on the GIN index, where one owner's few hashes are cheap.
 */
export function servesFromPostings(query: SearchFilter): boolean {
  return (
    !query.tags?.length &&
    limitTagsParam(query.reader) === null &&
    (query.scope.kind !== 'owner' || query.scope.ownerId === query.reader.userId)
  );
}

/**
 * The `n` and `avgdl` of an own-memories search from `keyword_stats`, less
 * the owner's memories that have expired but are not purged yet: exactly what
 * counting the filtered rows gives, without reading them.
 */
function keptStatisticsSql(params: ReturnType<typeof sqlParams>, query: SearchFilter): string {
  const owner = params.add(query.reader.userId);
  const permission = params.add(query.scope.permission ?? null);
  const superseded = params.add(query.includeSuperseded ?? false);
  const now = params.add(query.now);
  return `SELECT greatest(kept.n - expired.n, 0)::float8 AS n,
                 greatest((kept.len - expired.len)::float8 / greatest(kept.n - expired.n, 1), 1)::float8 AS avgdl
            FROM (SELECT coalesce(sum(k.memory_count), 0) AS n, coalesce(sum(k.total_length), 0) AS len
                    FROM keyword_stats k
                   WHERE k.user_id = ${owner}::uuid
                     AND (${permission}::permission IS NULL OR k.permission = ${permission}::permission)
                     AND (${superseded}::boolean OR NOT k.superseded)) kept,
                 (SELECT count(*) AS n, coalesce(sum(m.keyword_length), 0) AS len
                    FROM memories m
                   WHERE m.user_id = ${owner}::uuid AND m.expires_at <= ${now}::timestamptz
                     AND m.keyword_key_id IS NOT NULL
                     AND (${permission}::permission IS NULL OR m.permission = ${permission}::permission)
                     AND (${superseded}::boolean OR m.superseded_by IS NULL)) expired`;
}

/**
 * BM25's `n` and `avgdl` for a shared or "all" search: `n` counts the
 * scope's candidates from the reader's shares (and own memories, for "all"),
 * read from indexes alone; `avgdl` averages the lengths of the first
 * {@link BM25_LENGTH_SAMPLE} of those candidates. Reading every shared memory for exact figures cost a shared
 * search more than the rest of it (EXPLAIN ANALYZE on 10,000 shared memories:
 * 76 of 148 ms). The count includes shared memories the read rule then drops
 * (expired, no longer shared): it only raises idf a little, and counts
 * nothing the reader was not given.
 */
function sharedStatisticsSql(candidates: string): string {
  return `SELECT greatest(counted.n, 1)::float8 AS n, greatest(sampled.avgdl, 1)::float8 AS avgdl
            FROM (SELECT count(*) AS n FROM (${candidates}) c) counted,
                 (SELECT coalesce(avg(m.keyword_length), 1) AS avgdl FROM memories m
                   WHERE m.id IN (SELECT c.memory_id FROM (${candidates}) c(memory_id)
                                   LIMIT ${BM25_LENGTH_SAMPLE})
                     AND m.keyword_key_id IS NOT NULL) sampled`;
}

/**
 * BM25's `n` and `avgdl` for a search of what others shared with `reader`
 * served from the shares' postings: summed from `share_keyword_stats`
 * (migration 0025) over the reader and the groups they are in now, one row
 * each. Like {@link sharedStatisticsSql}, it counts shares the read rule then
 * drops, a memory shared two ways twice, and the reader's own memories
 * shared with their groups: nothing they were not given.
 */
function sharedKeptStatisticsSql(reader: string): string {
  return `SELECT greatest(coalesce(sum(k.memory_count), 0), 1)::float8 AS n,
                 greatest(coalesce(sum(k.total_length), 0)::float8
                          / greatest(coalesce(sum(k.memory_count), 0), 1), 1)::float8 AS avgdl
            FROM share_keyword_stats k
           WHERE ${readsThrough('k.principal_id', reader)}`;
}

/**
 * Whether `column` names a principal `reader` reads shares through now:
 * themselves (direct shares) or a group they belong to at this moment.
 */
function readsThrough(column: string, reader: string): string {
  return `(${column} = ${reader}::uuid
     OR ${column} IN (SELECT gm.group_id FROM group_members gm WHERE gm.user_id = ${reader}::uuid))`;
}

/** A memory row with its cosine distance to a query vector. */
export interface NearRow {
  row: MemoryRowFields;
  distance: number;
}

/** A query's terms hashed under one owner's keys (see keyword-hasher.ts). */
export type OwnerTerms = OwnerQueryHashes;

export interface KeywordQuery extends SearchFilter {
  /**
   * The query's hashes for each owner whose memories the scope covers; for a
   * shared or "all" search served from postings ({@link servesFromPostings}),
   * the reader alone (for "all") or nobody (for "shared").
   */
  owners: OwnerTerms[];
  /**
   * For a shared or "all" search served from postings: the query's hashes
   * under the keys of the reader and of each group the reader is in, whose
   * shares' postings (migration 0024) hold what others shared with them.
   */
  principals?: OwnerTerms[] | undefined;
  /** Also the cosine distance to this vector, for memories that have one of `model`. */
  vector?: number[] | undefined;
  limit: number;
  /**
   * At most this many postings of each query term in the reader's own
   * memories are scored: the term's strongest (see {@link POSTING_WEIGHT});
   * all of them when absent. Counts (idf) stay exact.
   */
  termCap?: number | undefined;
}

/** A memory row with its BM25 score for a keyword query. */
export interface KeywordRow {
  row: MemoryRowFields;
  bm25: number;
  /** How many distinct query terms the memory contains. */
  matchedTerms: number;
  /** Cosine distance to the query vector; null without one. */
  distance: number | null;
}

/** BM25 parameters (Robertson & Zaragoza 2009, the usual defaults). */
const BM25_K1 = 1.2;
const BM25_B = 0.75;
/**
 * For one owner's memories outside {@link keptStatistics} (a persona search,
 * a tag filter), the memory count and average length BM25 needs are read
 * from at most this many memories of the scope (exact below it), so a search
 * over a very large scope does not read every row; idf is then that of a
 * 10,000-memory scope.
 */
const BM25_STATS_SAMPLE = 10_000;
/**
 * Shared and "all" scopes take the memory count from the reader's shares (an
 * index count, no memory rows) and the average length from this many of the
 * scope's memories (see {@link sharedStatisticsSql}).
 */
const BM25_LENGTH_SAMPLE = 256;

/**
 * What the keyword query reads of each memory holding a query term: the
 * columns the read rule and scope test, and the keyword entry. The rows the
 * GIN index finds are read once, with these, and filtered as they are:
 * joining them back to `memories` let PostgreSQL hash every memory of the
 * scope first (50,000 of a heavy user's to score 11,000 matches; EXPLAIN
 * ANALYZE, README "Hybrid search").
 */
const HIT_COLUMNS = [
  'id',
  'user_id',
  'permission',
  'expires_at',
  'tags',
  'superseded_by',
  'keyword_hashes',
  'keyword_freqs',
  'keyword_length',
];

/**
 * One posting's BM25 term weight against a nominal average length of 12
 * terms, the expression `keyword_postings_weight_idx` is ordered by
 * (migration 0021; the text must stay the same for the index to serve it).
 * For equal frequencies it orders by length alone, as BM25 does whatever the
 * real average length.
 */
const POSTING_WEIGHT = 'p.tf::float8 / (p.tf + 1.2 * (0.25 + 0.75 * p.length::float8 / 12))';

/** Above this many query hashes (a search over many owners' memories), see keywordNearest. */
const MANY_HASHES = 16;

/** What (re)building the keyword index needs of a memory. */
export interface KeywordSource extends EmbeddingSource {
  userId: string;
}

/** What embedding needs of a memory: its current version and encrypted text. */
export interface EmbeddingSource {
  id: string;
  version: number;
  textCiphertext: Uint8Array;
  keyId: string;
}

const MEMORY_COLUMNS = `id, user_id, text_ciphertext, key_id, permission, tags, expires_at,
  created_at, updated_at, version, embedding_model, superseded_by`;

interface MemorySqlRow {
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
  superseded_by: string | null;
}

function fromSqlRow(row: MemorySqlRow): MemoryRowFields {
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
    supersededById: row.superseded_by,
  };
}

/** What a new memory's row is written with (its vector apart). */
export interface NewMemory extends KeywordFields {
  id: string;
  userId: string;
  textCiphertext: Uint8Array;
  keyId: string;
  permission: Permission;
  tags: string[];
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  idempotencyKey: string | null;
  idempotencyFingerprint: string | null;
}

export type MemoryRepository = ReturnType<typeof createMemoryRepository>;

export function createMemoryRepository(db: Database) {
  const { prisma, sql } = db;

  /**
   * The reader's own indexed memories under a search's permission filter,
   * from `keyword_stats`; superseded ones count unless the search leaves
   * them out.
   */
  const keptMemoryCount = async (query: SearchFilter): Promise<number> => {
    const [row] = await sql.query<{ n: number }>(
      `SELECT coalesce(sum(memory_count), 0)::int AS n FROM keyword_stats
        WHERE user_id = $1 AND ($2::permission IS NULL OR permission = $2::permission)
          AND ($3::boolean IS NOT FALSE OR NOT superseded)`,
      [query.reader.userId, query.scope.permission ?? null, query.includeSuperseded ?? null],
    );
    return row!.n;
  };

  /**
   * The one filter of both rankings (vector and keyword), so neither can
   * surface what the other may not: the read rule, the scope, tags and
   * whether superseded memories count; on `memories` aliased `m`.
   */
  const scopeFilter = (
    params: ReturnType<typeof sqlParams>,
    query: SearchFilter,
    driven = false,
    probe = false,
  ) =>
    coverage(
      params,
      { ...query, includeSuperseded: query.includeSuperseded ?? false },
      driven,
      probe,
    );
  const searchFilter = (
    vector: VectorExpression,
    query: SearchFilter,
    driven = false,
    probe = false,
  ) => {
    const params = sqlParams();
    return {
      params,
      where: `${scopeFilter(params, query, driven, probe)} AND m.${vector.modelPredicate}`,
    };
  };
  const nearRows = (rows: (MemorySqlRow & { distance: number })[]): NearRow[] =>
    rows.map((row) => ({ row: fromSqlRow(row), distance: Number(row.distance) }));

  return {
    /**
     * Writes a new memory, with its vector when it is already known: one
     * statement, so the row and its index entries are written once (the
     * vector stored by a second UPDATE rewrote the row and every index entry).
     */
    async insert(
      data: NewMemory,
      embedding?: { vector: number[]; model: string },
    ): Promise<MemoryRowFields> {
      const [row] = await sql.query<MemorySqlRow>(
        `INSERT INTO memories (id, user_id, text_ciphertext, key_id, permission, tags, expires_at,
                               created_at, updated_at, idempotency_key, idempotency_fingerprint,
                               keyword_hashes, keyword_freqs, keyword_length, keyword_key_id,
                               embedding, embedding_model)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5::permission, $6::text[], $7::timestamptz,
                 $8::timestamptz, $9::timestamptz, $10, $11, $12::text[], $13::int[], $14, $15,
                 $16::vector, $17)
         RETURNING ${MEMORY_COLUMNS}`,
        [
          data.id,
          data.userId,
          data.textCiphertext,
          data.keyId,
          data.permission,
          data.tags,
          data.expiresAt,
          data.createdAt,
          data.updatedAt,
          data.idempotencyKey,
          data.idempotencyFingerprint,
          data.keywordHashes,
          data.keywordFreqs,
          data.keywordLength,
          data.keywordKeyId,
          embedding ? pgvector.toSql(embedding.vector) : null,
          embedding?.model ?? null,
        ],
      );
      return fromSqlRow(row!);
    },

    /**
     * One memory by id if `reader` may read it (the read rule, as for lists
     * and searches). The most frequent read: plain SQL.
     */
    async findReadable(id: string, reader: Actor, now: Date): Promise<MemoryRowFields | undefined> {
      const readable = readableBy('m', { reader: '$2', now: '$3', tags: '$4' });
      const [row] = await sql.query<MemorySqlRow>(
        `SELECT ${MEMORY_COLUMNS} FROM memories m WHERE m.id = $1 AND ${readable}`,
        [id, reader.userId, now, limitTagsParam(reader)],
      );
      return row && fromSqlRow(row);
    },

    /** Usernames by user id, for showing whose memory a result is. */
    async usernamesOf(ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await prisma.user.findMany({
        where: { id: { in: ids } },
        select: { id: true, username: true },
      });
      return new Map(rows.map((row) => [row.id, row.username]));
    },

    /** The groups a user belongs to, whose shares they read. */
    async groupIdsOf(userId: string): Promise<string[]> {
      const rows = await sql.query<{ group_id: string }>(
        'SELECT group_id FROM group_members WHERE user_id = $1::uuid',
        [userId],
      );
      return rows.map((row) => row.group_id);
    },

    /**
     * The other owners whose memories are shared with `reader` (for per-owner
     * keyword hashes, where a tag filter or an application limit keeps a
     * shared search off the shares' postings), found from the reader's shares.
     */
    async sharingOwners(reader: Actor): Promise<string[]> {
      // From the shares alone (their owner column, migration 0018): a superset
      // (some of those memories may have expired), which only adds hashes
      // that the read rule then finds nothing for. Each part steps from one
      // owner to the next in the (reader or group, owner) index, a "loose
      // index scan" (PostgreSQL wiki): one probe per person sharing, where
      // reading the shares and de-duplicating read all 10,000 of them.
      const next = (alias: string, key: string, after?: string) =>
        `(SELECT ${alias}.owner_id FROM memory_shares ${alias}
           WHERE ${key} AND ${alias}.owner_id ${after ? `> ${after}` : 'IS NOT NULL'}
           ORDER BY ${alias}.owner_id LIMIT 1)`;
      const rows = await sql.query<{ owner_id: string }>(
        `WITH RECURSIVE direct(owner_id) AS (
           SELECT ${next('ds', 'ds.user_id = $1::uuid')}
            UNION ALL
           SELECT ${next('ds', 'ds.user_id = $1::uuid', 'direct.owner_id')}
             FROM direct WHERE direct.owner_id IS NOT NULL),
         grouped(group_id, owner_id) AS (
           SELECT gm.group_id,
                  ${next('gs', 'gs.group_id = gm.group_id')}
             FROM group_members gm WHERE gm.user_id = $1::uuid
            UNION ALL
           SELECT grouped.group_id, ${next('gs', 'gs.group_id = grouped.group_id', 'grouped.owner_id')}
             FROM grouped WHERE grouped.owner_id IS NOT NULL)
         SELECT owner_id FROM direct WHERE owner_id IS NOT NULL
         UNION
         SELECT owner_id FROM grouped WHERE owner_id IS NOT NULL`,
        [reader.userId],
      );
      return rows.map((row) => row.owner_id).filter((owner) => owner !== reader.userId);
    },

    /** The memory an earlier create of this user's made with this idempotency key. */
    findByIdempotencyKey: (userId: string, key: string): Promise<MemoryRow | null> =>
      prisma.memory.findUnique({
        where: { userId_idempotencyKey: { userId, idempotencyKey: key } },
      }),

    /** Frees the user's key if the create that used it is older than `before`. */
    async releaseIdempotencyKey(userId: string, key: string, before: Date): Promise<void> {
      await prisma.memory.updateMany({
        where: { userId, idempotencyKey: key, createdAt: { lte: before } },
        data: { idempotencyKey: null, idempotencyFingerprint: null },
      });
    },

    /** One memory by id with every column, for changing it. */
    findFull: (id: string): Promise<MemoryRow | null> =>
      prisma.memory.findUnique({ where: { id } }),

    /**
     * The distinct tags on one owner's unexpired memories that start with
     * `prefix`, sorted; for a tag-limited application, on memories within its tags.
     */
    async tagsStartingWith(query: { owner: Actor; now: Date; prefix: string; limit: number }) {
      const rows = await sql.query<{ tag: string }>(
        `SELECT DISTINCT tag FROM memories, unnest(tags) AS tag
          WHERE user_id = $1::uuid AND (expires_at IS NULL OR expires_at > $2)
            AND ($5::text[] IS NULL OR tags && $5::text[])
            AND starts_with(lower(tag), lower($3))
          ORDER BY tag LIMIT $4`,
        [query.owner.userId, query.now, query.prefix, query.limit, limitTagsParam(query.owner)],
      );
      return rows.map((row) => row.tag);
    },

    /**
     * Usernames starting with `prefix` of users with at least one memory
     * `reader` may read (the read rule: public, or shared with them), sorted.
     */
    async readableOwnersStartingWith(query: {
      reader: Actor;
      now: Date;
      prefix: string;
      limit: number;
    }) {
      const readable = readableBy('m', { reader: '$1', now: '$2', tags: '$5' });
      const rows = await sql.query<{ username: string }>(
        `SELECT DISTINCT u.username FROM users u
          WHERE starts_with(u.username, lower($3))
            AND EXISTS (SELECT 1 FROM memories m WHERE m.user_id = u.id AND ${readable})
          ORDER BY u.username LIMIT $4`,
        [query.reader.userId, query.now, query.prefix, query.limit, limitTagsParam(query.reader)],
      );
      return rows.map((row) => row.username);
    },

    /** The memories a list covers, in `order`, after the cursor. */
    async list(query: ListQuery): Promise<MemoryRowFields[]> {
      const params = sqlParams();
      const order = query.order ?? 'newest';
      const column = order === 'updated' ? 'updated_at' : 'created_at';
      const dir = order === 'oldest' ? 'ASC' : 'DESC';
      const conditions = [coverage(params, query)];
      if (query.tag) conditions.push(`m.tags @> ARRAY[${params.add(query.tag)}]::text[]`);
      if (query.createdAfter) conditions.push(`m.created_at >= ${params.add(query.createdAfter)}`);
      if (query.createdBefore) conditions.push(`m.created_at < ${params.add(query.createdBefore)}`);
      if (query.cursor) {
        const after = decodeCursor(query.cursor, order);
        const beyond = dir === 'ASC' ? '>' : '<';
        conditions.push(
          `(m.${column}, m.id) ${beyond} (${params.add(after.at)}::timestamptz, ${params.add(after.id)}::uuid)`,
        );
      }
      const rows = await sql.query<MemorySqlRow>(
        `SELECT ${MEMORY_COLUMNS} FROM memories m
          WHERE ${conditions.join(' AND ')}
          ORDER BY m.${column} ${dir}, m.id ${dir} LIMIT ${Number(query.take)}`,
        params.values,
      );
      return rows.map(fromSqlRow);
    },

    /**
     * Replaces the memory's current version with `changes`, keeping the old one
     * in history, in one transaction. The version check makes concurrent edits
     * fail cleanly instead of losing one.
     */
    replaceVersion(
      current: MemoryRow,
      changes: Prisma.MemoryUpdateManyMutationInput,
      now: Date,
    ): Promise<MemoryRow> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.memory.updateMany({
          where: { id: current.id, version: current.version },
          data: { ...changes, version: current.version + 1, updatedAt: now },
        });
        if (count === 0) {
          throw new ConflictError('The memory was changed at the same time; try again.');
        }
        await tx.memoryVersion.create({
          data: {
            memoryId: current.id,
            version: current.version,
            textCiphertext: current.textCiphertext,
            keyId: current.keyId,
            permission: current.permission,
            tags: current.tags,
            expiresAt: current.expiresAt,
            createdAt: current.updatedAt,
            replacedAt: now,
          },
        });
        return tx.memory.findUniqueOrThrow({ where: { id: current.id } });
      });
    },

    /** Forgets the vector of this version (its text changed). */
    async clearEmbedding(id: string, version: number): Promise<void> {
      await sql.query(
        'UPDATE memories SET embedding = NULL, embedding_model = NULL WHERE id = $1 AND version = $2',
        [id, version],
      );
    },

    /** Deletes the owner's memory; its history goes with it (ON DELETE CASCADE). */
    async delete(id: string, ownerId: string): Promise<void> {
      await prisma.memory.deleteMany({ where: { id, userId: ownerId } });
    },

    /** The earlier versions of a memory, newest first. */
    versions: (memoryId: string): Promise<VersionRow[]> =>
      prisma.memoryVersion.findMany({ where: { memoryId }, orderBy: { version: 'desc' } }),

    /** Deletes memories (and their history) that expired before `cutoff`. */
    async purgeExpiredBefore(cutoff: Date): Promise<number> {
      const { count } = await prisma.memory.deleteMany({ where: { expiresAt: { lt: cutoff } } });
      return count;
    },

    count: (): Promise<number> => prisma.memory.count(),

    /**
     * The owner's unexpired memories (within an application's tags, if it is
     * limited) counted by permission, and their tags by use (most used first,
     * then by name, at most `limit`), in one read of the owner's rows (the
     * CTE is scanned once and used twice).
     */
    async summarize(owner: Actor, now: Date, limit: number) {
      const rows = await sql.query<{ kind: 'permission' | 'tag'; name: string; count: number }>(
        `WITH mine AS MATERIALIZED (
           SELECT permission, tags FROM memories
            WHERE user_id = $1 AND (expires_at IS NULL OR expires_at > $2)
              AND ($3::text[] IS NULL OR tags && $3::text[]))
         SELECT 'permission' AS kind, permission::text AS name, count(*)::int AS count
           FROM mine GROUP BY permission
         UNION ALL
         (SELECT 'tag', tag, count(*)::int FROM mine, unnest(tags) AS tag
           GROUP BY tag ORDER BY count(*) DESC, tag LIMIT ${Number(limit)})`,
        [owner.userId, now, limitTagsParam(owner)],
      );
      const byPermission: Partial<Record<Permission, number>> = {};
      for (const row of rows) {
        if (row.kind === 'permission') byPermission[row.name as Permission] = row.count;
      }
      const tags = rows
        .filter((row) => row.kind === 'tag')
        .map(({ name, count }) => ({ name, count }));
      return { byPermission, tags };
    },

    /**
     * One page of an owner's unexpired memories for an export, oldest first
     * (created time, then id), after `after`; with their vectors as text when asked.
     */
    async exportPage(query: {
      ownerId: string;
      /** A tag-limited application's tags: only memories carrying one of them. */
      limitTags?: string[] | null | undefined;
      now: Date;
      after?: { createdAt: Date; id: string } | undefined;
      withEmbeddings: boolean;
      limit: number;
    }): Promise<ExportRow[]> {
      return sql.query<ExportRow>(
        `SELECT id, text_ciphertext, key_id, permission, tags, expires_at, created_at, updated_at,
                version, embedding_model,
                CASE WHEN $4::boolean THEN embedding::text END AS embedding
           FROM memories m
          WHERE m.user_id = $1::uuid
            AND ${readableBy('m', { reader: '$1', now: '$2', tags: '$7' })}
            AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $5::uuid))
          ORDER BY created_at, id LIMIT $6`,
        [
          query.ownerId,
          query.now,
          query.after?.createdAt ?? null,
          query.withEmbeddings,
          query.after?.id ?? null,
          query.limit,
          query.limitTags?.length ? query.limitTags : null,
        ],
      );
    },

    /** The earlier versions of these memories, oldest first within each. */
    async versionsOf(memoryIds: string[]): Promise<VersionSqlRow[]> {
      if (memoryIds.length === 0) return [];
      return sql.query<VersionSqlRow>(
        `SELECT memory_id, version, text_ciphertext, key_id, permission, tags, expires_at,
                created_at, replaced_at
           FROM memory_versions WHERE memory_id = ANY($1::uuid[]) ORDER BY memory_id, version`,
        [memoryIds],
      );
    },

    /** Which of these content hashes the owner's memories already carry. */
    async existingContentHashes(ownerId: string, hashes: string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let start = 0; start < hashes.length; start += 5_000) {
        const rows = await sql.query<{ content_hash: string }>(
          `SELECT content_hash FROM memories WHERE user_id = $1::uuid AND content_hash = ANY($2::text[])`,
          [ownerId, hashes.slice(start, start + 5_000)],
        );
        for (const row of rows) found.add(row.content_hash);
      }
      return found;
    },

    /** The owner's memories created at any of these instants (to recognise ones already here). */
    async createdAtAny(
      ownerId: string,
      instants: Date[],
    ): Promise<(EmbeddingSource & { createdAt: Date })[]> {
      const found: (EmbeddingSource & { createdAt: Date })[] = [];
      for (let start = 0; start < instants.length; start += 5_000) {
        const rows = await sql.query<PendingRow & { created_at: Date }>(
          `SELECT id, version, text_ciphertext, key_id, created_at FROM memories
            WHERE user_id = $1::uuid AND created_at = ANY($2::timestamptz[])`,
          [ownerId, instants.slice(start, start + 5_000)],
        );
        for (const row of rows) found.push({ ...fromPendingRow(row), createdAt: row.created_at });
      }
      return found;
    },

    /**
     * Writes an import in one transaction: its record, its memories, their
     * earlier versions and any vectors the file carried. All or nothing; a
     * concurrent import of the same memories loses on the content-hash index.
     */
    async insertImported(batch: {
      record: Prisma.MemoryImportUncheckedCreateInput;
      memories: Prisma.MemoryCreateManyInput[];
      versions: Prisma.MemoryVersionCreateManyInput[];
      vectors: { id: string; vector: number[]; model: string }[];
    }): Promise<void> {
      try {
        await prisma.$transaction(
          async (tx) => {
            await tx.memoryImport.create({ data: batch.record });
            for (let start = 0; start < batch.memories.length; start += 1_000) {
              await tx.memory.createMany({ data: batch.memories.slice(start, start + 1_000) });
            }
            for (let start = 0; start < batch.versions.length; start += 1_000) {
              await tx.memoryVersion.createMany({
                data: batch.versions.slice(start, start + 1_000),
              });
            }
            for (let start = 0; start < batch.vectors.length; start += 1_000) {
              const chunk = batch.vectors.slice(start, start + 1_000);
              await tx.$executeRawUnsafe(
                `UPDATE memories AS m SET embedding = v.embedding::vector, embedding_model = v.model
                   FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, embedding, model)
                  WHERE m.id = v.id`,
                chunk.map((item) => item.id),
                chunk.map((item) => pgvector.toSql(item.vector) as string),
                chunk.map((item) => item.model),
              );
            }
          },
          // Thousands of rows: far past Prisma's 5-second default.
          { timeout: 600_000, maxWait: 60_000 },
        );
      } catch (error) {
        if (
          /content_hash|P2002|unique constraint|duplicate key/i.test(
            String((error as Error).message) + String((error as { code?: string }).code),
          )
        ) {
          throw new ConflictError(
            'Another import of the same memories is running; try again once it has finished.',
          );
        }
        throw error;
      }
    },

    /** One import's record (memory_imports is written with its memories, so it lives here too). */
    findImport: (id: string) => prisma.memoryImport.findUnique({ where: { id } }),

    /** Records when an import was first seen fully embedded. */
    async markImportFinished(id: string, at: Date): Promise<void> {
      await prisma.memoryImport.updateMany({
        where: { id, finishedAt: null },
        data: { finishedAt: at },
      });
    },

    /** How many of an import's memories still exist, and how many have a vector of `model`. */
    async importProgress(
      importId: string,
      model: string,
    ): Promise<{ present: number; embedded: number }> {
      const [row] = await sql.query<{ present: number; embedded: number }>(
        `SELECT count(*)::int AS present,
                (count(*) FILTER (WHERE embedding IS NOT NULL AND embedding_model = $2))::int AS embedded
           FROM memories WHERE import_id = $1::uuid`,
        [importId, model],
      );
      return row!;
    },

    /**
     * How many memories a search would compare, counting no further than
     * `max + 1`. For shared and all scopes, a bound read from the reader's
     * shares alone (indexes on the reader, no memory rows): counting the
     * memories themselves scanned the table, and cost shared searches more
     * than the search (EXPLAIN ANALYZE, README). Above `max`, the HNSW walk
     * applies the rule to each neighbour it meets.
     */
    async countSearchCandidates(
      vector: VectorExpression,
      query: SearchQuery,
      max: number,
    ): Promise<number> {
      const bound = scopeCandidates(query.scope, { reader: '$1' });
      if (bound) {
        const [row] = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (${bound} LIMIT ${max + 1}) candidates`,
          [query.reader.userId],
        );
        return row!.n;
      }
      const { params, where } = searchFilter(vector, query);
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT 1 FROM memories m WHERE ${where} LIMIT ${max + 1}) candidates`,
        params.values,
      );
      return row!.n;
    },

    /** Every candidate compared: exact, and cheap when the scope is small. */
    async nearestExact(vector: VectorExpression, query: SearchQuery): Promise<NearRow[]> {
      const { params, where } = searchFilter(vector, query, true);
      const target = params.add(pgvector.toSql(query.vector));
      const rows = await sql.query<MemorySqlRow & { distance: number }>(
        `SELECT ${MEMORY_COLUMNS}, embedding <=> ${target}::vector AS distance
           FROM memories m WHERE ${where}
          ORDER BY embedding <=> ${target}::vector LIMIT ${query.limit}`,
        params.values,
      );
      return nearRows(rows);
    },

    /**
     * The exact nearest when the search compares at most `max` memories;
     * undefined when it would compare more (then the index serves it). For an
     * owner's scope the count and the scan are one statement, not two: on the
     * embedded database every statement runs on the event loop. Shared and
     * all scopes count from the reader's shares first (see above).
     *
     * One's own memories are first counted from `keyword_stats` (a few rows):
     * a heavy user's search then goes straight to the index instead of
     * reading 2,001 of their memories to find there are more (about 5 ms at
     * 50,000 memories). That count may include memories the search would not
     * compare (expired, or without a vector of this model), never fewer of
     * the indexed ones, so a scope it calls large is at worst served by the
     * index with iterative scans.
     */
    async nearestExactWithin(
      vector: VectorExpression,
      query: SearchQuery,
      max: number,
    ): Promise<NearRow[] | undefined> {
      if (keptStatistics(query) && (await keptMemoryCount(query)) > max) return undefined;
      if (scopeCandidates(query.scope, { reader: '$1' })) {
        const small = (await this.countSearchCandidates(vector, query, max)) <= max;
        return small ? this.nearestExact(vector, query) : undefined;
      }
      const { params, where } = searchFilter(vector, query, true);
      const target = params.add(pgvector.toSql(query.vector));
      const rows = await sql.query<MemorySqlRow & { distance: number; candidates: number }>(
        `WITH candidates AS MATERIALIZED (
           SELECT m.id AS candidate, m.embedding <=> ${target}::vector AS near
             FROM memories m WHERE ${where} LIMIT ${max + 1}),
         counted AS (SELECT count(*)::int AS n FROM candidates),
         top AS (
           SELECT candidate, near FROM candidates
            WHERE (SELECT n FROM counted) <= ${max}
            ORDER BY near LIMIT ${query.limit})
         SELECT counted.n AS candidates, top.near AS distance, ${MEMORY_COLUMNS}
           FROM counted LEFT JOIN (top JOIN memories m ON m.id = top.candidate) ON true
          ORDER BY top.near`,
        params.values,
      );
      // Always one row at least, carrying the count; without a match its memory columns are null.
      if (rows[0]!.candidates > max) return undefined;
      return nearRows(rows.filter((row) => row.id !== null));
    },

    /**
     * HNSW with pgvector 0.8's iterative scan, so filters that discard most
     * neighbours still yield `limit` results; relaxed order is re-sorted here.
     */
    nearestIndexed(vector: VectorExpression, query: SearchQuery): Promise<NearRow[]> {
      // The walk tests only the memories it visits: shares one at a time.
      const { params, where } = searchFilter(vector, query, false, true);
      const target = params.add(pgvector.toSql(query.vector));
      return sql.withSession((session) =>
        session.transaction(async (tx) => {
          await tx.exec(
            `SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${Math.max(40, query.limit * 2)};`,
          );
          const rows = await tx.query<MemorySqlRow & { distance: number }>(
            `WITH hits AS MATERIALIZED (
               SELECT ${MEMORY_COLUMNS}, ${vector.column} <=> ${target}${vector.cast} AS distance
                 FROM memories m WHERE ${where}
                ORDER BY ${vector.column} <=> ${target}${vector.cast} LIMIT ${query.limit})
             SELECT * FROM hits ORDER BY distance`,
            params.values,
          );
          return nearRows(rows);
        }),
      );
    },

    /**
     * The best memories for hashed query terms by BM25, under the same
     * filter as the vector ranking. Document frequencies are counted within
     * that filter, per query term across every owner's hashes of it; the
     * number of memories and their average length come from the scope (kept
     * statistics of one's own memories or of the shares' postings, a sample,
     * or the reader's shares): another user's memory that the reader may not
     * search changes no score. The GIN index on keyword_hashes finds the
     * memories that hold a term.
     */
    async keywordNearest(
      vector: VectorExpression | undefined,
      query: KeywordQuery,
    ): Promise<KeywordRow[]> {
      const queryHashes = query.owners.flatMap((owner) => owner.hashes);
      const principals = query.principals ?? [];
      const principalHashes = principals.flatMap((principal) => principal.hashes);
      if (queryHashes.length === 0 && principalHashes.length === 0) return [];
      const params = sqlParams();
      const postings = servesFromPostings(query);
      // The few memories returned from postings are tested against the read
      // rule one at a time.
      const reader = query.scope.kind !== 'owner' ? params.add(query.reader.userId) : undefined;
      const scope = scopeFilter(params, query, false, postings);
      const hashes = params.add(queryHashes);
      // Each hash with its owner and term: a match is tested only against its
      // own owner's hashes, so many owners' hashes cost no more per match.
      const hashOwners = params.add(
        query.owners.flatMap((owner) => owner.hashes.map(() => owner.ownerId)),
      );
      const hashTerms = params.add(query.owners.flatMap((owner) => owner.termOf));
      const target = vector && query.vector ? params.add(pgvector.toSql(query.vector)) : undefined;
      const distance =
        vector && target
          ? `CASE WHEN m.${vector.modelPredicate} THEN m.embedding <=> ${target}::vector END`
          : 'NULL::float8';
      // Without tags to filter by: matches and frequencies from
      // keyword_postings (migration 0019), one narrow index range per owner
      // and query hash, filtered there by what the search filters (scope,
      // permission, superseded, expiry). With tags, or another owner's
      // memories: the GIN index on memories finds the memories holding a
      // query hash, the read rule filters them, and each term is found by
      // position in the memory's own array (against its owner's hashes only).
      //
      // A word in very many of the reader's own memories has only its
      // strongest `termCap` postings scored (the weight index, migration
      // 0021), and `df` counts all of them from keyword_frequencies
      // (migration 0023): a common word of a large account costs a few rows,
      // not a score per posting.
      //
      // What others shared with the reader comes from the shares' own
      // postings (migration 0024), hashed under the reader's key and their
      // groups' keys: one range per term and principal, whoever the owners,
      // read whole. A posting exists only while its share does, so finding
      // it under a principal the reader reads through is the share rule; a
      // memory shared both ways is counted once.
      const permission = postings ? params.add(query.scope.permission ?? null) : '';
      const at = postings ? params.add(query.now) : '';
      const withSuperseded = postings ? params.add(query.includeSuperseded ?? false) : '';
      // What the search keeps of a posting (or of a count, alias `f`), but for expiry.
      const kept = (alias: string) =>
        `(${permission}::permission IS NULL OR ${alias}.permission = ${permission}::permission)
         AND (${withSuperseded}::boolean OR NOT ${alias}.superseded)`;
      const postingFilter = postings
        ? `(p.expires_at IS NULL OR p.expires_at > ${at}::timestamptz) AND ${kept('p')}`
        : '';
      // The reader, whose own lists are capped (already a parameter outside an own search).
      const capOwner = postings ? (reader ?? params.add(query.reader.userId)) : '';
      // (Added only where named: PostgreSQL refuses a parameter it cannot type.)
      const cap = () => params.add(query.termCap ?? null);
      const ownTerms = () => `SELECT c.memory_id AS id, q.term, c.length AS len, c.tf, q.owner
             FROM q CROSS JOIN LATERAL (
                    SELECT p.memory_id, p.length, p.tf FROM keyword_postings p
                     WHERE p.user_id = q.owner AND p.hash = q.h AND ${postingFilter}
                     ORDER BY ${POSTING_WEIGHT} DESC LIMIT ${cap()}::bigint) c`;
      const sharedTerms = () => `SELECT DISTINCT c.memory_id AS id, sq.term, c.length AS len, c.tf,
                  c.owner_id AS owner
             FROM sq CROSS JOIN LATERAL (
                    SELECT p.memory_id, p.owner_id, p.length, p.tf FROM share_keyword_postings p
                     WHERE p.principal_id = sq.principal AND p.hash = sq.h
                       AND p.permission = 'shared' AND p.owner_id <> ${capOwner}::uuid
                       AND ${postingFilter}) c`;
      const termsSql = postings
        ? query.scope.kind === 'owner'
          ? ownTerms()
          : query.scope.kind === 'shared'
            ? sharedTerms()
            : `${ownTerms()} UNION ALL ${sharedTerms()}`
        : `SELECT matches.id, held.term, matches.keyword_length AS len,
                  matches.keyword_freqs[held.position] AS tf
             FROM matches CROSS JOIN LATERAL (
                    SELECT q.term, array_position(matches.keyword_hashes, q.h) AS position
                      FROM q WHERE q.owner = matches.user_id) held
            WHERE held.position IS NOT NULL`;
      // Per term, across every owner's hash of it: the reader's own lists
      // whole, capped or not, from keyword_frequencies (migration 0023) less
      // their expired, unpurged postings; other owners' from what the share
      // rule let through.
      const ownCounts = `SELECT q.term,
                (SELECT coalesce(sum(f.postings), 0) FROM keyword_frequencies f
                  WHERE f.user_id = q.owner AND f.hash = q.h AND ${kept('f')})
                - (SELECT count(*) FROM keyword_postings p
                    WHERE p.user_id = q.owner AND p.hash = q.h AND p.expires_at IS NOT NULL
                      AND p.expires_at <= ${at}::timestamptz AND ${kept('p')}) AS found
           FROM q WHERE q.owner = ${capOwner}::uuid`;
      const otherCounts = `SELECT t.term, count(*) AS found FROM terms t
          WHERE t.owner <> ${capOwner}::uuid GROUP BY t.term`;
      const dfSql = !postings
        ? 'SELECT term, count(*)::float8 AS df FROM terms GROUP BY term'
        : `SELECT term, sum(found)::float8 AS df FROM (${
            query.scope.kind === 'owner'
              ? ownCounts
              : query.scope.kind === 'shared'
                ? otherCounts
                : `${ownCounts} UNION ALL ${otherCounts}`
          }) lists GROUP BY term`;
      const matchesSql = postings
        ? ''
        : `matches AS MATERIALIZED (
             SELECT m.id, m.user_id, m.keyword_hashes, m.keyword_freqs, m.keyword_length
               FROM (SELECT ${HIT_COLUMNS.map((column) => `h.${column}`).join(', ')}
                       FROM memories h WHERE h.keyword_hashes && ${hashes}::text[]
                     OFFSET 0) m
              WHERE ${scope}),`;
      const stats = keptStatistics(query)
        ? keptStatisticsSql(params, query)
        : postings && query.scope.kind === 'shared'
          ? sharedKeptStatisticsSql(reader!)
          : query.scope.kind !== 'owner'
            ? sharedStatisticsSql(scopeCandidates(query.scope, { reader: reader! })!)
            : `SELECT count(*)::float8 AS n, greatest(avg(keyword_length), 1)::float8 AS avgdl
               FROM (SELECT m.keyword_length FROM memories m
                      WHERE ${scopeFilter(params, query)} AND m.keyword_key_id IS NOT NULL
                      LIMIT ${BM25_STATS_SAMPLE}) sample`;
      // Over many owners' hashes, PostgreSQL takes `keyword_hashes && $hashes`
      // for a cheap test and prefers reading every row to the GIN index, yet
      // each test compares every term with every hash (about 0.1 ms a row
      // with 500 hashes: seconds on a large table). Seq scans are priced out
      // for that one statement so the index is what finds the hits (the
      // postings are read by their key, whatever the number of hashes).
      const run = <Row>(text: string, values: unknown[]) =>
        postings || queryHashes.length <= MANY_HASHES
          ? sql.query<Row>(text, values)
          : sql.withSession((session) =>
              session.transaction(async (tx) => {
                await tx.query('SET LOCAL enable_seqscan = off');
                return tx.query<Row>(text, values);
              }),
            );
      // The principals the reader reads shares through now: themselves and
      // their groups at this moment, whatever the caller hashed for.
      const principalsSql =
        postings && reader
          ? `sq AS MATERIALIZED (SELECT DISTINCT principal, h, term
                 FROM unnest(${params.add(principals.flatMap((p) => p.hashes.map(() => p.ownerId)))}::uuid[],
                             ${params.add(principalHashes)}::text[],
                             ${params.add(principals.flatMap((p) => p.termOf))}::int[])
                   AS sq(principal, h, term)
                WHERE ${readsThrough('sq.principal', reader)}),`
          : '';
      const rows = await run<
        MemorySqlRow & { bm25: number; matched: number; distance: number | null }
      >(
        `WITH ${matchesSql}
         stats AS MATERIALIZED (${stats}),
         q AS MATERIALIZED (SELECT DISTINCT owner, h, term
                 FROM unnest(${hashOwners}::uuid[], ${hashes}::text[], ${hashTerms}::int[])
                   AS q(owner, h, term)),
         ${principalsSql}
         terms AS MATERIALIZED (${termsSql}),
         df AS (${dfSql}),
         idf AS MATERIALIZED (
           SELECT df.term, ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5)) * ${BM25_K1 + 1} AS weight,
                  (${BM25_K1} * ${1 - BM25_B})::float8 AS base, ${BM25_K1} * ${BM25_B} / stats.avgdl AS per_term
             FROM df CROSS JOIN stats),
         scored AS (
           SELECT terms.id, count(*)::int AS matched,
                  sum(idf.weight * terms.tf / (terms.tf + idf.base + idf.per_term * terms.len))::float8 AS bm25
             FROM terms JOIN idf USING (term) GROUP BY terms.id
            ORDER BY bm25 DESC, terms.id LIMIT ${query.limit})
         SELECT ${MEMORY_COLUMNS.split(',')
           .map((column) => `m.${column.trim()}`)
           .join(', ')}, scored.bm25, scored.matched, ${distance} AS distance
           FROM scored JOIN memories m ON m.id = scored.id
          ${postings ? `WHERE ${scope}` : ''}
          ORDER BY scored.bm25 DESC, m.id`,
        params.values,
      );
      return rows.map((row) => ({
        row: fromSqlRow(row),
        bm25: Number(row.bm25),
        matchedTerms: Number(row.matched),
        distance: row.distance === null ? null : Number(row.distance),
      }));
    },

    /** Writes one version's keyword index entry (the version check as for embeddings). */
    async storeKeywordEntry(id: string, version: number, entry: KeywordFields): Promise<void> {
      await sql.query(
        `UPDATE memories SET keyword_hashes = $1::text[], keyword_freqs = $2::int[],
                keyword_length = $3, keyword_key_id = $4
          WHERE id = $5 AND version = $6`,
        [
          entry.keywordHashes,
          entry.keywordFreqs,
          entry.keywordLength,
          entry.keywordKeyId,
          id,
          version,
        ],
      );
    },

    /**
     * Memories whose keyword index is missing or hashed with another key (or
     * every memory, with `all`), in id order after `afterId`.
     */
    async pendingKeywordEntries(
      keyId: string,
      afterId: string | undefined,
      limit: number,
      all = false,
    ): Promise<KeywordSource[]> {
      const rows = await sql.query<PendingRow & { user_id: string }>(
        `SELECT id, user_id, version, text_ciphertext, key_id FROM memories
          WHERE ($4::boolean OR keyword_key_id IS DISTINCT FROM $1)
            AND ($2::uuid IS NULL OR id > $2::uuid)
          ORDER BY id LIMIT $3`,
        [keyId, afterId ?? null, limit, all],
      );
      return rows.map((row) => ({ ...fromPendingRow(row), userId: row.user_id }));
    },

    async countPendingKeywordEntries(keyId: string): Promise<number> {
      const [row] = await sql.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM memories WHERE keyword_key_id IS DISTINCT FROM $1',
        [keyId],
      );
      return row!.count;
    },

    /**
     * Marks the owner's memories `ids` as replaced by `successorId`; returns
     * the ids it marked (others are not the owner's, or do not exist).
     */
    async supersede(ownerId: string, successorId: string, ids: string[]): Promise<string[]> {
      const rows = await sql.query<{ id: string }>(
        `UPDATE memories SET superseded_by = $1
          WHERE user_id = $2 AND id = ANY($3::uuid[]) AND id <> $1 RETURNING id`,
        [successorId, ownerId, ids],
      );
      return rows.map((row) => row.id);
    },

    /** The owner's memories among `ids` that may be superseded (unexpired, not the successor). */
    async ownedIds(ownerId: string, ids: string[], now: Date): Promise<string[]> {
      const rows = await sql.query<{ id: string }>(
        `SELECT id FROM memories WHERE user_id = $1 AND id = ANY($2::uuid[])
            AND (expires_at IS NULL OR expires_at > $3)`,
        [ownerId, ids, now],
      );
      return rows.map((row) => row.id);
    },

    /** Which of `ids` `reader` may read: a successor is shown to others only when they may read it. */
    async readableIds(ids: string[], reader: Actor, now: Date): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const readable = readableBy('m', { reader: '$2', now: '$3', tags: '$4' });
      const rows = await sql.query<{ id: string }>(
        `SELECT m.id FROM memories m WHERE m.id = ANY($1::uuid[]) AND ${readable}`,
        [ids, reader.userId, now, limitTagsParam(reader)],
      );
      return new Set(rows.map((row) => row.id));
    },

    /**
     * Stores a vector for one version of a memory. Only the current version
     * is written, so an edit racing an embedding never leaves the old text's
     * vector behind.
     */
    async storeEmbedding(id: string, version: number, vector: number[], model: string) {
      await sql.query(
        `UPDATE memories SET embedding = $1::vector, embedding_model = $2, embedding_attempts = 0
          WHERE id = $3 AND version = $4`,
        [pgvector.toSql(vector), model, id, version],
      );
    },

    /**
     * Stores vectors for many memories in one statement (background batches,
     * imports); like {@link storeEmbedding}, only for the version each was made from.
     */
    async storeEmbeddings(
      items: { id: string; version: number; vector: number[] }[],
      model: string,
    ): Promise<void> {
      if (items.length === 0) return;
      await sql.query(
        `UPDATE memories AS m SET embedding = v.embedding::vector, embedding_model = $1,
                embedding_attempts = 0
           FROM unnest($2::uuid[], $3::int[], $4::text[]) AS v(id, version, embedding)
          WHERE m.id = v.id AND m.version = v.version`,
        [
          model,
          items.map((item) => item.id),
          items.map((item) => item.version),
          items.map((item) => pgvector.toSql(item.vector) as string),
        ],
      );
    },

    /** Counts a failed embedding attempt, so retries try the least-failed first. */
    async noteEmbeddingFailure(ids: string[]): Promise<void> {
      await sql.query(
        'UPDATE memories SET embedding_attempts = embedding_attempts + 1 WHERE id = ANY($1::uuid[])',
        [ids],
      );
    },

    /** Memories without a vector of `model`, least-failed and oldest first. */
    async pendingEmbeddings(model: string, limit: number): Promise<EmbeddingSource[]> {
      const rows = await sql.query<PendingRow>(
        `SELECT id, version, text_ciphertext, key_id FROM memories
          WHERE embedding IS NULL OR embedding_model IS DISTINCT FROM $1
          ORDER BY embedding_attempts, created_at LIMIT $2`,
        [model, limit],
      );
      return rows.map(fromPendingRow);
    },

    /** Every memory in id order after `afterId`, for re-embedding all of them. */
    async allForEmbedding(afterId: string | undefined, limit: number): Promise<EmbeddingSource[]> {
      const rows = await sql.query<PendingRow>(
        `SELECT id, version, text_ciphertext, key_id FROM memories
          WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`,
        [afterId ?? null, limit],
      );
      return rows.map(fromPendingRow);
    },

    async countPendingEmbeddings(model: string): Promise<number> {
      const [row] = await sql.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM memories
          WHERE embedding IS NULL OR embedding_model IS DISTINCT FROM $1`,
        [model],
      );
      return row!.count;
    },
  };
}

/** The keyword index columns, as written with a memory's text. */
export interface KeywordFields {
  keywordHashes: string[];
  keywordFreqs: number[];
  keywordLength: number;
  keywordKeyId: string;
}

/** A memory as an export reads it: the vector as pgvector's text form, when asked for. */
export type ExportRow = Omit<MemorySqlRow, 'user_id' | 'superseded_by'> & {
  embedding: string | null;
};

export interface VersionSqlRow {
  memory_id: string;
  version: number;
  text_ciphertext: Uint8Array;
  key_id: string;
  permission: Permission;
  tags: string[] | null;
  expires_at: Date | null;
  created_at: Date;
  replaced_at: Date;
}

interface PendingRow {
  id: string;
  version: number;
  text_ciphertext: Uint8Array;
  key_id: string;
}

const fromPendingRow = (row: PendingRow): EmbeddingSource => ({
  id: row.id,
  version: row.version,
  textCiphertext: row.text_ciphertext,
  keyId: row.key_id,
});

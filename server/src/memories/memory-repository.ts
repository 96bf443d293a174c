import pgvector from 'pgvector';
import type { Database } from '../db/database.js';
import { ConflictError } from '../errors/domain-errors.js';
import type {
  Memory as MemoryRow,
  MemoryVersion as VersionRow,
  Prisma,
} from '../generated/prisma/client.js';
import { afterCursor } from './cursor.js';
import type { Permission } from './memory-input.js';
import type { VectorExpression } from './vector-index.js';

/**
 * The one owner of the `memories` and `memory_versions` tables: every query
 * on them is here, through Prisma or, on hot paths (reading one memory,
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
>;

export type { MemoryRow, VersionRow };

/** Whose memories a listing or search covers; the rules have already been applied. */
export interface MemoryScope {
  ownerId: string;
  now: Date;
  permission?: Permission | undefined;
}

export interface ListQuery extends MemoryScope {
  tag?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  cursor?: string | undefined;
  /** Rows to read; one more than a page, to know whether another follows. */
  take: number;
}

export interface SearchQuery extends MemoryScope {
  /** Memories carrying all of these. */
  tags?: string[] | undefined;
  vector: number[];
  limit: number;
}

/** A memory row with its cosine distance to a query vector. */
export interface NearRow {
  row: MemoryRowFields;
  distance: number;
}

/** What embedding needs of a memory: its current version and encrypted text. */
export interface EmbeddingSource {
  id: string;
  version: number;
  textCiphertext: Uint8Array;
  keyId: string;
}

const MEMORY_COLUMNS = `id, user_id, text_ciphertext, key_id, permission, tags, expires_at,
  created_at, updated_at, version, embedding_model`;

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
  };
}

export type MemoryRepository = ReturnType<typeof createMemoryRepository>;

export function createMemoryRepository(db: Database) {
  const { prisma, sql } = db;

  /** Search filter; $1 owner, $2 now, $3 permission or null, $4 tags or null. */
  const searchFilter = (
    vector: VectorExpression,
  ) => `user_id = $1::uuid AND ${vector.modelPredicate}
      AND (expires_at IS NULL OR expires_at > $2)
      AND ($3::permission IS NULL OR permission = $3::permission)
      AND ($4::text[] IS NULL OR tags @> $4::text[])`;
  const searchParams = (query: MemoryScope & { tags?: string[] | undefined }) => [
    query.ownerId,
    query.now,
    query.permission ?? null,
    query.tags?.length ? query.tags : null,
  ];
  const nearRows = (rows: (MemorySqlRow & { distance: number })[]): NearRow[] =>
    rows.map((row) => ({ row: fromSqlRow(row), distance: Number(row.distance) }));

  return {
    insert: (data: Prisma.MemoryUncheckedCreateInput): Promise<MemoryRow> =>
      prisma.memory.create({ data }),

    /** One memory by id, whoever owns it. The most frequent read: plain SQL. */
    async find(id: string): Promise<MemoryRowFields | undefined> {
      const [row] = await sql.query<MemorySqlRow>(
        `SELECT ${MEMORY_COLUMNS} FROM memories WHERE id = $1`,
        [id],
      );
      return row && fromSqlRow(row);
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

    /** The distinct tags on one owner's unexpired memories that start with `prefix`, sorted. */
    async tagsStartingWith(query: { ownerId: string; now: Date; prefix: string; limit: number }) {
      const rows = await sql.query<{ tag: string }>(
        `SELECT DISTINCT tag FROM memories, unnest(tags) AS tag
          WHERE user_id = $1::uuid AND (expires_at IS NULL OR expires_at > $2)
            AND starts_with(lower(tag), lower($3))
          ORDER BY tag LIMIT $4`,
        [query.ownerId, query.now, query.prefix, query.limit],
      );
      return rows.map((row) => row.tag);
    },

    /** Usernames starting with `prefix` of users with at least one unexpired public memory, sorted. */
    async publicOwnersStartingWith(query: { now: Date; prefix: string; limit: number }) {
      const rows = await sql.query<{ username: string }>(
        `SELECT DISTINCT u.username FROM users u
          WHERE starts_with(u.username, lower($2))
            AND EXISTS (SELECT 1 FROM memories m WHERE m.user_id = u.id
              AND m.permission = 'public' AND (m.expires_at IS NULL OR m.expires_at > $1))
          ORDER BY u.username LIMIT $3`,
        [query.now, query.prefix, query.limit],
      );
      return rows.map((row) => row.username);
    },

    /** Unexpired memories of one owner, newest first, after the cursor. */
    list(query: ListQuery): Promise<MemoryRow[]> {
      return prisma.memory.findMany({
        where: {
          userId: query.ownerId,
          OR: [{ expiresAt: null }, { expiresAt: { gt: query.now } }],
          ...(query.permission ? { permission: query.permission } : {}),
          ...(query.tag ? { tags: { has: query.tag } } : {}),
          createdAt: {
            ...(query.createdAfter ? { gte: query.createdAfter } : {}),
            ...(query.createdBefore ? { lt: query.createdBefore } : {}),
          },
          AND: afterCursor(query.cursor),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.take,
      });
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

    /** How many memories a search would compare, counting no further than `max + 1`. */
    async countSearchCandidates(
      vector: VectorExpression,
      query: MemoryScope & { tags?: string[] | undefined },
      max: number,
    ): Promise<number> {
      const [row] = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
           SELECT 1 FROM memories WHERE ${searchFilter(vector)} LIMIT ${max + 1}) candidates`,
        searchParams(query),
      );
      return row!.n;
    },

    /** Every candidate compared: exact, and cheap when the scope is small. */
    async nearestExact(vector: VectorExpression, query: SearchQuery): Promise<NearRow[]> {
      const rows = await sql.query<MemorySqlRow & { distance: number }>(
        `SELECT ${MEMORY_COLUMNS}, embedding <=> $5::vector AS distance
           FROM memories WHERE ${searchFilter(vector)}
          ORDER BY embedding <=> $5::vector LIMIT ${query.limit}`,
        [...searchParams(query), pgvector.toSql(query.vector)],
      );
      return nearRows(rows);
    },

    /**
     * HNSW with pgvector 0.8's iterative scan, so filters that discard most
     * neighbours still yield `limit` results; relaxed order is re-sorted here.
     */
    nearestIndexed(vector: VectorExpression, query: SearchQuery): Promise<NearRow[]> {
      return sql.withSession((session) =>
        session.transaction(async (tx) => {
          await tx.exec(
            `SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL hnsw.ef_search = ${Math.max(40, query.limit * 2)};`,
          );
          const rows = await tx.query<MemorySqlRow & { distance: number }>(
            `WITH hits AS MATERIALIZED (
               SELECT ${MEMORY_COLUMNS}, ${vector.column} <=> $5${vector.cast} AS distance
                 FROM memories WHERE ${searchFilter(vector)}
                ORDER BY ${vector.column} <=> $5${vector.cast} LIMIT ${query.limit})
             SELECT * FROM hits ORDER BY distance`,
            [...searchParams(query), pgvector.toSql(query.vector)],
          );
          return nearRows(rows);
        }),
      );
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

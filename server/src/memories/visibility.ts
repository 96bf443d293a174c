import type { Database } from '../db/database.js';
import { NotFoundError } from '../errors/domain-errors.js';
import type { Permission } from './memory-input.js';

/**
 * Who may see a memory. Reading is decided by ONE SQL condition,
 * {@link readableBy}, which every read path (get, list, search and its
 * candidate counts, persona, resources, export) puts in its WHERE clause, so
 * no path can apply a rule of its own. Changing stays owner-only.
 */

/**
 * Who is asking: the user, and what the application acting for them is
 * limited to (chosen on the consent page). `tags` empty or absent: no limit.
 */
export interface Actor {
  userId: string;
  /** The application only sees and writes memories carrying one of these. */
  tags?: readonly string[] | undefined;
}

/** Service entry points take a user id (no limit) or an {@link Actor}. */
export type ActorLike = string | Actor;

export function toActor(actor: ActorLike): Actor {
  return typeof actor === 'string' ? { userId: actor } : actor;
}

/** The application limit as an SQL parameter: null when there is none. */
export function limitTagsParam(actor: Actor): string[] | null {
  return actor.tags?.length ? [...actor.tags] : null;
}

export interface VisibilityFacts {
  userId: string;
  permission: Permission;
  expiresAt: Date | null;
  tags: string[];
}

/** Expired memories are invisible to everyone, their owner included. */
export function isExpired(memory: Pick<VisibilityFacts, 'expiresAt'>, now: Date): boolean {
  return memory.expiresAt !== null && memory.expiresAt.getTime() <= now.getTime();
}

/** True when a tag-limited application may touch a memory with these tags. */
export function withinLimit(actor: Actor, tags: readonly string[]): boolean {
  return !actor.tags?.length || actor.tags.some((tag) => tags.includes(tag));
}

/**
 * Only the owner changes a memory, only while it has not expired, and a
 * tag-limited application only within its tags.
 */
export function canChange(actor: Actor, memory: VisibilityFacts, now: Date): boolean {
  return (
    memory.userId === actor.userId && !isExpired(memory, now) && withinLimit(actor, memory.tags)
  );
}

/** Placeholders ("$1"…) of the parameters {@link readableBy} reads. */
export interface ReaderParams {
  /** uuid: the reading user. */
  reader: string;
  /** timestamptz: now. */
  now: string;
  /** text[] or null: the application's tag limit. */
  tags: string;
  /**
   * Test each memory on its own (`shared_with`, migration 0020: two index
   * probes) instead of against the reader's whole share set: for an HNSW
   * walk, which tests only the few memories it visits.
   */
  probe?: boolean | undefined;
}

/**
 * The ids of the memories shared with the reader now, directly or through a
 * group they belong to, as a subquery that starts from the reader (indexes
 * on memory_shares(user_id), group_members(user_id), memory_shares(group_id)):
 * its cost follows what is shared with the reader, not how many shares
 * everyone has.
 *
 * The groups go in as one array, so their shares are one index scan. Joined
 * from the memberships instead, PostgreSQL cached each group's shares in a
 * Memoize node that is never hit (each group comes once), which doubled the
 * cost of reading them (EXPLAIN ANALYZE: 5,000 shares through 50 groups,
 * 2.2 ms against 1.1 ms).
 */
export function sharedWith(reader: string): string {
  return `SELECT ds.memory_id FROM memory_shares ds WHERE ds.user_id = ${reader}::uuid
     UNION ALL
     SELECT gs.memory_id FROM memory_shares gs
      WHERE gs.group_id = ANY (ARRAY(SELECT gm.group_id FROM group_members gm
                                      WHERE gm.user_id = ${reader}::uuid))`;
}

/**
 * THE read rule, as one SQL condition on `memories` aliased `alias`: not
 * expired; and the reader's own, public, or shared with the reader directly
 * or through a group they belong to now (memberships are read here, at query
 * time); and, for a tag-limited application, carrying one of its tags.
 *
 * The shared part is one uncorrelated IN over the reader's shares
 * ({@link sharedWith}, read through the indexes on the reader), which
 * PostgreSQL evaluates once per query into a hash table and probes per
 * memory: a search or a count over 10,000 shared memories costs one pass
 * over the reader's shares, not a lookup per memory. Correlated EXISTS
 * (one per way of sharing) cost about 0.03 ms per memory checked, which
 * dominated the BM25 statistics of a shared search (EXPLAIN ANALYZE,
 * README "Sharing and per-application limits"). A walk that tests a few
 * memories takes the same test one memory at a time (`probe`): the same
 * shares and memberships, read by memory instead of by reader.
 */
export function readableBy(alias: string, p: ReaderParams): string {
  const m = alias;
  const shared = p.probe
    ? `shared_with(${m}.id, ${p.reader}::uuid)`
    : `${m}.id IN (${sharedWith(p.reader)})`;
  return `((${m}.expires_at IS NULL OR ${m}.expires_at > ${p.now}::timestamptz)
    AND (${m}.user_id = ${p.reader}::uuid
      OR ${m}.permission = 'public'
      OR (${m}.permission = 'shared' AND ${shared}))
    AND (${p.tags}::text[] IS NULL OR ${m}.tags && ${p.tags}::text[]))`;
}

/**
 * The ids a scope's candidates are among, as a subquery from the reader's
 * shares (and own memories, for `all`); undefined for one owner's memories,
 * which the owner index already finds. A superset: the read rule still
 * decides what is read.
 */
export function scopeCandidates(scope: OwnerScope, p: { reader: string }): string | undefined {
  const shared = sharedWith(p.reader);
  switch (scope.kind) {
    case 'owner':
      return undefined;
    case 'shared':
      return shared;
    case 'all':
      return `SELECT o.id FROM memories o WHERE o.user_id = ${p.reader}::uuid
        UNION ALL ${shared}`;
  }
}

/**
 * {@link scopeCandidates} as a condition on `memories` aliased `alias`, for
 * queries that go through every candidate (the exact scan, the owners of
 * shared memories): PostgreSQL may then start from the reader's shares
 * instead of scanning the table. It narrows nothing the rule allows; an
 * ordered HNSW walk does without it. Empty for one owner's memories.
 */
export function scopeDriver(alias: string, scope: OwnerScope, p: { reader: string }): string {
  const candidates = scopeCandidates(scope, p);
  return candidates ? `${alias}.id IN (${candidates})` : '';
}

/** Which memories a list or search covers, beyond what the reader may read at all. */
export const SCOPES = ['own', 'shared', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * The part of a listing or search: one owner's memories (own scope, or a
 * named user), memories others shared with the reader, or both.
 */
export type OwnerScope =
  | { kind: 'owner'; ownerId: string; permission: Permission | undefined }
  | { kind: 'shared'; permission: Permission | undefined }
  | { kind: 'all'; permission: Permission | undefined };

/**
 * The coverage of a list or search. With `username`, that user's memories
 * the reader may read (public and shared with them; all when it is the
 * reader); an unknown username is "user not found". Otherwise the scope.
 */
export async function resolveOwnerScope(
  db: Database,
  actor: Actor,
  username: string | undefined,
  permission: Permission | undefined,
  scope: Scope = 'own',
): Promise<OwnerScope> {
  if (username === undefined) {
    if (scope === 'own') return { kind: 'owner', ownerId: actor.userId, permission };
    return { kind: scope, permission };
  }
  const owner = await db.prisma.user.findUnique({
    where: { username: username.toLowerCase() },
    select: { id: true },
  });
  if (!owner) throw new NotFoundError('user');
  return { kind: 'owner', ownerId: owner.id, permission };
}

/**
 * The scope as SQL on `memories` aliased `alias`, next to {@link readableBy}:
 * `owner` is one owner's, `shared` is others' shared memories (readableBy
 * keeps those shared with the reader), `all` is both of the reader's.
 */
export function scopeSql(
  alias: string,
  scope: OwnerScope,
  p: { reader: string; owner: string; permission: string },
): string {
  const m = alias;
  const permission = `(${p.permission}::permission IS NULL OR ${m}.permission = ${p.permission}::permission)`;
  switch (scope.kind) {
    case 'owner':
      return `${m}.user_id = ${p.owner}::uuid AND ${permission}`;
    case 'shared':
      return `${m}.user_id <> ${p.reader}::uuid AND ${m}.permission = 'shared' AND ${permission}`;
    case 'all':
      return `(${m}.user_id = ${p.reader}::uuid OR ${m}.permission = 'shared') AND ${permission}`;
  }
}

import type { Database } from '../db/database.js';
import { NotFoundError } from '../errors/domain-errors.js';

/**
 * Who may see a memory. Plain predicates, shared by every read path.
 */
export interface VisibilityFacts {
  userId: string;
  permission: 'private' | 'public';
  expiresAt: Date | null;
}

/** Expired memories are invisible to everyone, their owner included. */
export function isExpired(memory: Pick<VisibilityFacts, 'expiresAt'>, now: Date): boolean {
  return memory.expiresAt !== null && memory.expiresAt.getTime() <= now.getTime();
}

/** The owner reads their memories; others read public ones; nobody reads expired ones. */
export function canRead(actorId: string, memory: VisibilityFacts, now: Date): boolean {
  if (isExpired(memory, now)) return false;
  return memory.userId === actorId || memory.permission === 'public';
}

/** Only the owner changes a memory, and only while it has not expired. */
export function canChange(actorId: string, memory: VisibilityFacts, now: Date): boolean {
  return memory.userId === actorId && !isExpired(memory, now);
}

/** Whose memories a listing or search covers, with which permission, once the rules apply. */
export interface OwnerScope {
  ownerId: string;
  /** The owner's username, shown with results. */
  username: string;
  permission: 'private' | 'public' | undefined;
}

/**
 * One's own memories (as asked), or someone else's public ones only:
 * `undefined` (nothing) when another user's private memories are asked for.
 * An unknown username is "user not found".
 */
export async function resolveOwnerScope(
  db: Database,
  actorId: string,
  username: string | undefined,
  permission: OwnerScope['permission'],
): Promise<OwnerScope | undefined> {
  const owner = await db.prisma.user.findUnique({
    where: username === undefined ? { id: actorId } : { username: username.toLowerCase() },
    select: { id: true, username: true },
  });
  if (!owner) throw new NotFoundError('user');
  const scope = { ownerId: owner.id, username: owner.username };
  if (owner.id === actorId) return { ...scope, permission };
  if (permission === 'private') return undefined;
  return { ...scope, permission: 'public' };
}

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

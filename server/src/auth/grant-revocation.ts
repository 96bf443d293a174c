import type { Database } from '../db/database.js';

export interface GrantRevocation {
  /**
   * True when the grant behind an access token has been revoked (logout,
   * disconnecting the app, password change, refresh-token reuse). Backed by
   * the database; "not revoked" is cached for `cacheMs` only, and revocations
   * made by this process are seen at once.
   */
  isGrantRevoked(grantId: string): Promise<boolean>;
  /** Called by the adapter when this process revokes a grant. */
  noteRevoked(grantId: string): void;
}

export function createGrantRevocation({
  db,
  cacheMs = 1_000,
}: {
  db: Database;
  cacheMs?: number;
}): GrantRevocation {
  const revoked = new Set<string>();
  const checkedAt = new Map<string, number>();
  return {
    async isGrantRevoked(grantId) {
      if (revoked.has(grantId)) return true;
      const last = checkedAt.get(grantId);
      if (last !== undefined && Date.now() - last < cacheMs) return false;
      const row = await db.prisma.revokedGrant.findUnique({ where: { grantId } });
      if (row) {
        revoked.add(grantId);
        return true;
      }
      if (checkedAt.size > 10_000) checkedAt.clear();
      checkedAt.set(grantId, Date.now());
      return false;
    },
    noteRevoked(grantId) {
      revoked.add(grantId);
      checkedAt.delete(grantId);
    },
  };
}

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
  // Forgetting a revocation only costs a database lookup; the bound keeps memory flat.
  const remember = (grantId: string) => {
    if (revoked.size >= 100_000) revoked.clear();
    revoked.add(grantId);
  };
  return {
    async isGrantRevoked(grantId) {
      if (revoked.has(grantId)) return true;
      const last = checkedAt.get(grantId);
      if (last !== undefined && Date.now() - last < cacheMs) return false;
      const row = await db.prisma.revokedGrant.findUnique({ where: { grantId } });
      if (row) {
        remember(grantId);
        return true;
      }
      if (checkedAt.size > 10_000) checkedAt.clear();
      checkedAt.set(grantId, Date.now());
      return false;
    },
    noteRevoked(grantId) {
      remember(grantId);
      checkedAt.delete(grantId);
    },
  };
}

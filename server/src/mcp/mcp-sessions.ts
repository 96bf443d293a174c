import type { Database } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';

/**
 * A 2025-era MCP session: what the client declared in `initialize`, bound to
 * the user and client whose token opened it. 2026-07-28 clients have none.
 */
export interface McpSession {
  id: string;
  userId: string;
  clientId: string;
  /** The `initialize` request's params, replayed to each request's fresh server. */
  initializeParams: Record<string, unknown>;
}

export interface McpSessions {
  /** Stores a new session under `id` (a random UUID the caller made). */
  open(
    id: string,
    owner: { userId: string; clientId: string },
    initializeParams: unknown,
  ): Promise<void>;
  /**
   * The session, if it exists, is not idle past its limit, and belongs to this
   * user and client; someone else's session is reported exactly like a missing one.
   */
  find(id: string, owner: { userId: string; clientId: string }): Promise<McpSession | undefined>;
  /** Ends a session (the client's DELETE). */
  close(id: string): Promise<void>;
}

/**
 * Sessions in the database, so every server instance serves every session and
 * several instances need no sticky routing. A session idle for `idleMs` is
 * gone; a user keeps at most `maxPerUser` (the least recently used go first),
 * so the table stays bounded whatever clients do.
 */
export function createMcpSessions(options: {
  db: Database;
  idleMs?: number;
  maxPerUser?: number;
  now?: () => Date;
}): McpSessions {
  const { prisma } = options.db;
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxPerUser = options.maxPerUser ?? 20;
  const now = options.now ?? (() => new Date());
  // Writing last_used_at on every request would double the writes of a busy
  // session; a minute's precision is plenty for a 30-minute idle limit.
  const touchEveryMs = Math.min(60_000, idleMs / 10);
  const cutoff = () => new Date(now().getTime() - idleMs);

  return {
    async open(id, owner, initializeParams) {
      await prisma.mcpSession.deleteMany({ where: { lastUsedAt: { lt: cutoff() } } });
      const own = await prisma.mcpSession.findMany({
        where: { userId: owner.userId },
        orderBy: { lastUsedAt: 'desc' },
        skip: maxPerUser - 1,
        select: { id: true },
      });
      if (own.length > 0) {
        await prisma.mcpSession.deleteMany({ where: { id: { in: own.map((row) => row.id) } } });
      }
      await prisma.mcpSession.create({
        data: {
          id,
          userId: owner.userId,
          clientId: owner.clientId,
          initializeParams: initializeParams as Prisma.InputJsonValue,
          createdAt: now(),
          lastUsedAt: now(),
        },
      });
    },

    async find(id, owner) {
      const row = await prisma.mcpSession.findUnique({ where: { id } });
      if (!row || row.userId !== owner.userId || row.clientId !== owner.clientId) return undefined;
      if (row.lastUsedAt < cutoff()) {
        await prisma.mcpSession.deleteMany({ where: { id } });
        return undefined;
      }
      if (now().getTime() - row.lastUsedAt.getTime() >= touchEveryMs) {
        await prisma.mcpSession.updateMany({ where: { id }, data: { lastUsedAt: now() } });
      }
      return {
        id: row.id,
        userId: row.userId,
        clientId: row.clientId,
        initializeParams: row.initializeParams as Record<string, unknown>,
      };
    },

    async close(id) {
      await prisma.mcpSession.deleteMany({ where: { id } });
    },
  };
}

import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** An MCP session, bound at initialisation to the user and client whose token opened it. */
export interface McpSession {
  id: string;
  userId: string;
  clientId: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  lastUsedAt: number;
}

export interface McpSessions {
  add(session: McpSession): void;
  /**
   * The session, if it exists and belongs to this user and client. Someone
   * else's session is reported exactly like a missing one.
   */
  find(id: string, owner: { userId: string; clientId: string }): McpSession | undefined;
  remove(id: string): void;
  closeAll(): Promise<void>;
  readonly size: number;
}

/**
 * Sessions live in this process (sessions need sticky routing when several
 * instances run). Idle ones are closed after `idleMs`, and a user keeps at
 * most `maxPerUser` open (the least recently used one goes first), so memory
 * stays bounded.
 */
export function createMcpSessions(options: {
  idleMs?: number;
  maxPerUser?: number;
  now?: () => number;
}): McpSessions {
  const idleMs = options.idleMs ?? 30 * 60_000;
  const maxPerUser = options.maxPerUser ?? 20;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, McpSession>();

  const close = (session: McpSession) => {
    sessions.delete(session.id);
    // Closing the server closes its transport and ends any open stream.
    void session.server.close().catch(() => {});
  };

  const sweep = () => {
    const cutoff = now() - idleMs;
    for (const session of sessions.values()) {
      if (session.lastUsedAt < cutoff) close(session);
    }
  };
  const timer = setInterval(sweep, Math.min(idleMs, 60_000));
  timer.unref();

  return {
    add(session) {
      const own = [...sessions.values()]
        .filter((other) => other.userId === session.userId)
        .sort((a, b) => a.lastUsedAt - b.lastUsedAt);
      for (const oldest of own.slice(0, Math.max(0, own.length - maxPerUser + 1))) close(oldest);
      sessions.set(session.id, session);
    },
    find(id, owner) {
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.userId !== owner.userId || session.clientId !== owner.clientId) return undefined;
      if (session.lastUsedAt < now() - idleMs) {
        close(session);
        return undefined;
      }
      session.lastUsedAt = now();
      return session;
    },
    remove(id) {
      sessions.delete(id);
    },
    async closeAll() {
      clearInterval(timer);
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(all.map((session) => session.server.close().catch(() => {})));
    },
    get size() {
      return sessions.size;
    },
  };
}

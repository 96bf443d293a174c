import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';

/** A reply too large for the channel between instances. */
export class ReplyTooLargeError extends Error {
  constructor() {
    super('MCP reply too large to relay between instances');
    this.name = 'ReplyTooLargeError';
  }
}

/**
 * How instances tell each other about a reply none of them holds locally
 * (PostgreSQL LISTEN/NOTIFY; see postgres-reply-channel.ts).
 */
export interface ReplyChannel {
  publish(message: string): Promise<void>;
  /**
   * Starts listening; resolves once messages published from now on will
   * arrive. `onLost` is called if listening stops (the connection dropped).
   */
  listen(onMessage: (message: string) => void, onLost: () => void): Promise<void>;
  close(): Promise<void>;
}

/**
 * Replies of a 2025-era client to the server's own requests (elicitation,
 * sampling) arrive as a new POST, while the request that asked is still open
 * on the transport that sent it, perhaps on another instance. Each request is
 * served by a fresh transport, so the reply is handed over here: every
 * transport serving a session's request is held while it runs, and a reply
 * for that session is given to each of them (a transport ignores replies to
 * requests it did not send). With a channel (several instances), every reply
 * goes to every instance that holds a transport for some session.
 */
export interface SessionRelay {
  /**
   * Holds `transport` for `sessionId` until the returned function is called:
   * ended at shutdown, and given the session's replies when `awaitsReplies`
   * (a POST, which may be waiting for the client's answer; not a GET stream).
   */
  hold(
    sessionId: string,
    transport: WebStandardStreamableHTTPServerTransport,
    awaitsReplies: boolean,
  ): Promise<() => void>;
  /** Hands `body` (JSON-RPC responses) to the transports serving the session, here or elsewhere. */
  deliver(sessionId: string, body: unknown, protocolVersion: string): Promise<void>;
  /** Ends every held exchange (open streams too) and stops listening, for shutdown. */
  closeAll(): Promise<void>;
}

interface Reply {
  sessionId: string;
  body: unknown;
  protocolVersion: string;
}

export function createSessionRelay(options: { channel?: ReplyChannel } = {}): SessionRelay {
  const { channel } = options;
  /** The transports awaiting replies, by session. */
  const open = new Map<string, Set<WebStandardStreamableHTTPServerTransport>>();
  /** Every exchange open here, GET streams included. */
  const all = new Set<WebStandardStreamableHTTPServerTransport>();
  let listening: Promise<void> | undefined;

  const deliverHere = async ({ sessionId, body, protocolVersion }: Reply): Promise<void> => {
    const held = [...(open.get(sessionId) ?? [])];
    await Promise.all(
      held.map(async (transport) => {
        const reply = new Request('http://localhost/mcp', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-session-id': sessionId,
            'mcp-protocol-version': protocolVersion,
          },
          body: JSON.stringify(body),
        });
        await (await transport.handleRequest(reply)).body?.cancel();
      }),
    );
  };

  return {
    async hold(sessionId, transport, awaitsReplies) {
      all.add(transport);
      if (!awaitsReplies) return () => all.delete(transport);
      listening ??= channel
        ?.listen(
          (message) => void deliverHere(JSON.parse(message) as Reply).catch(() => {}),
          () => (listening = undefined),
        )
        .catch((error: unknown) => {
          listening = undefined;
          throw error;
        });
      await listening;
      const held = open.get(sessionId) ?? new Set();
      held.add(transport);
      open.set(sessionId, held);
      return () => {
        all.delete(transport);
        held.delete(transport);
        if (held.size === 0 && open.get(sessionId) === held) open.delete(sessionId);
      };
    },
    async deliver(sessionId, body, protocolVersion) {
      const reply = { sessionId, body, protocolVersion };
      // A transport held here for the session is no proof that the one waiting
      // is here, so with a channel every reply goes through it, to every
      // instance that listens (this one included).
      if (channel) {
        await channel.publish(JSON.stringify(reply));
        return;
      }
      await deliverHere(reply);
    },
    async closeAll() {
      const closing = [...all];
      all.clear();
      open.clear();
      await Promise.all(closing.map((transport) => transport.close().catch(() => {})));
      await channel?.close();
    },
  };
}

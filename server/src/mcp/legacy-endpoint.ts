import { randomUUID } from 'node:crypto';
import {
  isInitializeRequest,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type McpServer,
} from '@modelcontextprotocol/server';
import type { Caller } from '../resource-server/caller.js';
import type { McpSessions } from './mcp-sessions.js';
import { ReplyTooLargeError, type SessionRelay } from './session-relay.js';
import { withExchangeRequestIds } from './exchange-request-ids.js';

/** A JSON-RPC error outside any request (id null), as the Streamable HTTP transport answers. */
export function rpcErrorResponse(status: number, code: number, message: string): Response {
  return Response.json({ jsonrpc: '2.0', error: { code, message }, id: null }, { status });
}

/** True for a body of JSON-RPC responses only (a client's replies to the server's requests). */
function onlyResponses(body: unknown): boolean {
  const messages = Array.isArray(body) ? body : [body];
  return (
    messages.length > 0 &&
    messages.every(
      (message) =>
        typeof message === 'object' &&
        message !== null &&
        !('method' in message) &&
        ('result' in message || 'error' in message),
    )
  );
}

/**
 * `response`, with `done` called once its body has been delivered or
 * abandoned (an SSE stream ends when its last answer is sent).
 */
function whenDelivered(response: Response, done: () => void): Response {
  if (!response.body) {
    done();
    return response;
  }
  const reader = response.body.getReader();
  let finished = false;
  const finish = () => {
    if (!finished) {
      finished = true;
      done();
    }
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: ended, value } = await reader.read();
        if (ended) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason).catch(() => {});
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
}

export interface LegacyEndpointDeps {
  sessions: McpSessions;
  relay: SessionRelay;
  /** A fresh server for one request of `caller`. */
  serverFor: (caller: Caller) => McpServer;
}

/**
 * The 2025-era Streamable HTTP endpoint (2025-06-18, 2025-11-25) without
 * sessions in the process: `initialize` stores the session in the database
 * (bound to the token's user and client) and every later request, on any
 * instance, gets a fresh server and transport that replay that `initialize`
 * in-process first, so they know the session's id, protocol version and the
 * client's capabilities (elicitation, sampling) exactly as the first one did.
 */
export function createLegacyEndpoint(deps: LegacyEndpointDeps) {
  const { sessions, relay } = deps;

  const connect = async (
    caller: Caller,
    sessionId: string,
    onInitialized?: () => Promise<void>,
  ) => {
    const server = deps.serverFor(caller);
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => sessionId,
      onsessioninitialized: onInitialized,
      onsessionclosed: () => sessions.close(sessionId),
    });
    await server.connect(withExchangeRequestIds(transport));
    const close = () => {
      void server.close().catch(() => {});
    };
    return { transport, close };
  };

  return async function serveLegacy(
    request: Request,
    body: unknown,
    caller: Caller,
    authInfo: AuthInfo,
  ): Promise<Response> {
    const options = { parsedBody: body, authInfo };
    const sessionId = request.headers.get('mcp-session-id');
    if (!sessionId) {
      if (request.method !== 'POST' || !isInitializeRequest(body)) {
        return rpcErrorResponse(400, -32000, 'Bad Request: an Mcp-Session-Id header is required');
      }
      const id = randomUUID();
      const { transport, close } = await connect(caller, id, () =>
        sessions.open(id, caller, body.params),
      );
      return whenDelivered(await transport.handleRequest(request, options), close);
    }

    // Another user's (or client's) session is answered exactly like an unknown one.
    const session = await sessions.find(sessionId, caller);
    if (!session) return rpcErrorResponse(404, -32001, 'Session not found');
    if (request.method === 'POST' && onlyResponses(body)) {
      try {
        await relay.deliver(sessionId, body, request.headers.get('mcp-protocol-version') ?? '');
      } catch (error) {
        if (!(error instanceof ReplyTooLargeError)) throw error;
        // Too large for the instances' channel: the waiting request times out.
        return rpcErrorResponse(
          413,
          -32600,
          'The reply is too large to hand to the waiting request',
        );
      }
      return new Response(null, { status: 202 });
    }

    const { transport, close } = await connect(caller, sessionId);
    const replay = new Request(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: `restore-${sessionId}`,
        method: 'initialize',
        params: session.initializeParams,
      }),
    });
    await (await transport.handleRequest(replay, { authInfo })).text();
    // Only a POST can be waiting for the client's reply to the server's own request.
    const release = await relay.hold(sessionId, transport, request.method === 'POST');
    return whenDelivered(await transport.handleRequest(request, options), () => {
      release();
      close();
    });
  };
}

import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import cors from 'cors';
import express, { Router, type RequestHandler, type Response } from 'express';
import type { AccessTokenVerifier } from '../resource-server/access-token.js';
import type { CallerLimiter } from '../http/rate-limits.js';
import { requireAccess } from '../resource-server/require-access.js';
import { sendRefusalAsOAuthError } from '../errors/error-mapping.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import type { Logger } from '../logger.js';
import { scopesForRpcBody } from '../operations/catalogue.js';
import type { OperationRunner } from '../operations/run-operation.js';
import { createMcpServer } from './mcp-server.js';
import type { McpSessions } from './mcp-sessions.js';
import { checkRequestParams } from './request-check.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** What the MCP transport hands to tools as `extra.authInfo`. */
    auth?: AuthInfo;
  }
}

export interface McpRouterDeps {
  runner: OperationRunner;
  verifier: AccessTokenVerifier;
  /** `<PUBLIC_URL>/mcp`, the audience of tokens for the MCP server. */
  resource: string;
  resourceMetadataUrl: string;
  origins: OriginPolicy;
  sessions: McpSessions;
  logger: Logger;
  serverModel: boolean;
  version: string;
  /** Per-user and per-client request limits. */
  limiter?: CallerLimiter;
  /** How often an open GET stream re-checks its access token (ms); default 2 s. */
  streamRecheckMs?: number;
}

/** A JSON-RPC error outside any request (id null), as the Streamable HTTP transport answers. */
function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * `/mcp`, the Streamable HTTP endpoint. Every request, whatever its session,
 * is checked: Origin (DNS rebinding), then the access token for this
 * resource and the scope its JSON-RPC body needs. Sessions are bound to the
 * user and client that opened them.
 */
export function mcpRouter(deps: McpRouterDeps): Router {
  const { sessions, logger } = deps;
  const router = Router();

  const checkOrigin: RequestHandler = (req, res, next) => {
    if (deps.origins.allows(req.headers.origin)) return next();
    rpcError(res, 403, -32000, 'Forbidden: this Origin may not use the MCP endpoint');
  };

  const allowCors = cors({
    origin: deps.origins.corsOrigin,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Accept',
      'Mcp-Session-Id',
      'Mcp-Protocol-Version',
      'Last-Event-ID',
    ],
    exposedHeaders: ['Mcp-Session-Id', 'Mcp-Protocol-Version', 'WWW-Authenticate'],
    maxAge: 86_400,
  });

  const parseJson = express.json({ limit: '1mb' });
  const parseBody: RequestHandler = (req, res, next) =>
    parseJson(req, res, (error?: unknown) => {
      if (!error) return next();
      const { type } = error as { type?: string };
      if (type === 'entity.too.large') return rpcError(res, 413, -32600, 'Request body too large');
      if (type === 'encoding.unsupported') {
        return rpcError(res, 415, -32600, 'The Content-Encoding of the body is not supported');
      }
      rpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
    });

  const access = requireAccess({
    verifier: deps.verifier,
    surface: 'mcp',
    resource: deps.resource,
    resourceMetadataUrl: deps.resourceMetadataUrl,
    requiredScopes: (req) => scopesForRpcBody(req.body),
    refuse: sendRefusalAsOAuthError,
    limiter: deps.limiter,
  });

  /**
   * A GET stream outlives the request that opened it, so the token is checked
   * again while it is open: once the grant is revoked (sign-out, disconnect,
   * password change) or the token expires, the stream ends and the client
   * has to come back with a valid token.
   */
  const recheckMs = deps.streamRecheckMs ?? 2_000;
  const endStreamWhenTokenDies = (res: Response, token: string) => {
    const timer = setInterval(() => {
      deps.verifier.verify(token, deps.resource).catch(() => {
        clearInterval(timer);
        res.end();
      });
    }, recheckMs);
    timer.unref();
    res.on('close', () => clearInterval(timer));
  };

  const handle: RequestHandler = async (req, res) => {
    const caller = req.caller!;
    const token = req.accessToken!;
    req.auth = {
      token: token.token,
      clientId: caller.clientId,
      scopes: caller.scopes,
      expiresAt: token.expiresAt,
      resource: new URL(deps.resource),
      extra: { caller },
    };
    const sessionId = req.header('mcp-session-id');
    if (sessionId) {
      const session = sessions.find(sessionId, caller);
      // Another user's (or client's) session is answered exactly like an unknown one.
      if (!session) return rpcError(res, 404, -32001, 'Session not found');
      const invalid = req.method === 'POST' ? checkRequestParams(req.body) : undefined;
      if (invalid) return res.status(200).json({ jsonrpc: '2.0', ...invalid });
      if (req.method === 'GET') endStreamWhenTokenDies(res, token.token);
      return session.transport.handleRequest(req, res, req.body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return rpcError(res, 400, -32000, 'Bad Request: an Mcp-Session-Id header is required');
    }
    const server = createMcpServer({
      runner: deps.runner,
      logger,
      serverModel: deps.serverModel,
      version: deps.version,
    });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) =>
        sessions.add({
          id,
          userId: caller.userId,
          clientId: caller.clientId,
          server,
          transport,
          lastUsedAt: Date.now(),
        }),
      onsessionclosed: (id) => sessions.remove(id),
    });
    transport.onerror = (error) => logger.warn({ error: error.message }, 'MCP transport error');
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };

  router.all('/mcp', checkOrigin, allowCors, parseBody, access, handle);
  return router;
}

import { createMcpHandler, isLegacyRequest, type AuthInfo } from '@modelcontextprotocol/server';
import cors from 'cors';
import express, { Router, type RequestHandler, type Response } from 'express';
import type { AccessTokenVerifier } from '../resource-server/access-token.js';
import type { CallerLimiter } from '../http/rate-limits.js';
import { requireAccess } from '../resource-server/require-access.js';
import { sendRefusalAsOAuthError } from '../errors/error-mapping.js';
import type { OriginPolicy } from '../http/origin-policy.js';
import type { Logger } from '../logger.js';
import { scopesForRpcBody, toolCallsIn } from '../operations/catalogue.js';
import { scopeOf } from '../operations/operation.js';
import type { OperationRunner } from '../operations/run-operation.js';
import type { Caller } from '../resource-server/caller.js';
import { createLegacyEndpoint } from './legacy-endpoint.js';
import { createMcpServer, type ProtocolEra } from './mcp-server.js';
import type { McpSessions } from './mcp-sessions.js';
import { checkRequestParams } from './request-check.js';
import type { SessionRelay } from './session-relay.js';
import { sendWebResponse, toWebRequest } from './web-exchange.js';

export interface McpRouterDeps {
  runner: OperationRunner;
  verifier: AccessTokenVerifier;
  /** `<PUBLIC_URL>/mcp`, the audience of tokens for the MCP server. */
  resource: string;
  resourceMetadataUrl: string;
  origins: OriginPolicy;
  /** 2025-era sessions, in the database. */
  sessions: McpSessions;
  /** Hands 2025-era clients' replies to the request that asked; one per process. */
  relay: SessionRelay;
  logger: Logger;
  serverModel: boolean;
  version: string;
  /** Where a person reads a memory (the web client's page), for citations. */
  memoryUrl: (memoryId: string) => string;
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
 * `/mcp`, the Streamable HTTP endpoint, for both protocol eras. Every
 * request is checked first: Origin (DNS rebinding), then the access token for
 * this resource and the scope its JSON-RPC body needs. Then 2026-07-28
 * requests (those carrying the per-request `_meta` envelope) are served
 * statelessly by the SDK's `createMcpHandler`, which also checks their
 * `Mcp-Method`/`Mcp-Name` headers; 2025-era ones by the legacy endpoint,
 * whose sessions live in the database, bound to the user and client that
 * opened them. Each request gets a fresh server: no instance holds state
 * another needs, so several instances need no sticky routing.
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
      'Mcp-Method',
      'Mcp-Name',
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
    // Each tool call the token did not allow goes to the owner's audit log.
    onScopeRefused: (caller, req) => {
      for (const { operation, input } of toolCallsIn(req.body)) {
        if (!caller.scopes.includes(scopeOf(operation, input))) {
          deps.runner.refused(operation, caller, input);
        }
      }
    },
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

  const serverFor = (caller: Caller, era: ProtocolEra) =>
    createMcpServer({
      runner: deps.runner,
      logger,
      serverModel: deps.serverModel,
      version: deps.version,
      caller,
      era,
      memoryUrl: deps.memoryUrl,
    });
  const callerOf = (authInfo: AuthInfo | undefined): Caller => {
    const caller = authInfo?.extra?.caller as Caller | undefined;
    // The router authenticates every request before the SDK sees it.
    if (!caller) throw new Error('MCP request without a verified caller');
    return caller;
  };
  const modern = createMcpHandler(({ authInfo }) => serverFor(callerOf(authInfo), 'modern'), {
    legacy: 'reject',
    onerror: (error) => logger.warn({ error: error.message }, 'MCP request refused'),
  });
  const legacy = createLegacyEndpoint({
    sessions,
    relay: deps.relay,
    serverFor: (caller) => serverFor(caller, 'legacy'),
  });

  const handle: RequestHandler = async (req, res) => {
    const caller = req.caller!;
    const token = req.accessToken!;
    const authInfo: AuthInfo = {
      token: token.token,
      clientId: caller.clientId,
      scopes: caller.scopes,
      expiresAt: token.expiresAt,
      resource: new URL(deps.resource),
      extra: { caller },
    };
    const invalid = req.method === 'POST' ? checkRequestParams(req.body) : undefined;
    if (invalid) return res.status(200).json({ jsonrpc: '2.0', ...invalid });
    const request = toWebRequest(req, res);
    const response = (await isLegacyRequest(request, req.body))
      ? await legacy(request, req.body, caller, authInfo)
      : await modern.fetch(request, { parsedBody: req.body, authInfo });
    if (req.method === 'GET' && response.ok) endStreamWhenTokenDies(res, token.token);
    await sendWebResponse(res, response);
  };

  router.all('/mcp', checkOrigin, allowCors, parseBody, access, handle);
  return router;
}

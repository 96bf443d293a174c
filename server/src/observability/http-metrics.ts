import type { Request, RequestHandler } from 'express';
import { operationForTool } from '../operations/catalogue.js';
import { httpDuration, httpRequests, mcpRequests } from './metrics.js';
import { context, startRequestSpan } from './tracing.js';

/** Paths answered outside Express routes (oidc-provider, MCP), named by their fixed prefix. */
const FIXED_ROUTES = [
  '/mcp',
  '/auth',
  '/token/introspection',
  '/token/revocation',
  '/token',
  '/reg',
  '/jwks',
  '/session/end',
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/oauth-protected-resource',
  '/interaction',
];

/** The route a request matched, as declared (`/api/v1/memories/:memoryId`), never the raw path. */
function routeOf(req: Request): string {
  if (req.route?.path && typeof req.route.path === 'string') return req.baseUrl + req.route.path;
  const path = req.originalUrl.split('?')[0] ?? '';
  return FIXED_ROUTES.find((prefix) => path === prefix || path.startsWith(`${prefix}/`)) ?? 'other';
}

/** JSON-RPC messages of an MCP POST body: method, and the tool for tools/call. */
function countMcp(body: unknown): void {
  for (const message of (Array.isArray(body) ? body : [body]) as unknown[]) {
    const { method, params } = (message ?? {}) as { method?: unknown; params?: { name?: unknown } };
    if (typeof method !== 'string') continue;
    const known = /^[a-z/_]{1,64}$/.test(method) ? method : 'other';
    const tool =
      method === 'tools/call' && typeof params?.name === 'string' && operationForTool(params.name)
        ? params.name
        : '';
    mcpRequests.inc({ method: known, tool });
  }
}

/**
 * Counts and times every HTTP request once it has been answered, and (with
 * tracing on) wraps it in a server span named by method and route, the
 * parent of the spans the request makes.
 */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = httpDuration.startTimer();
    const traced = startRequestSpan(req.method);
    res.once('finish', () => {
      const labels = { method: req.method, route: routeOf(req), status: String(res.statusCode) };
      httpRequests.inc(labels);
      end(labels);
      if (labels.route === '/mcp' && req.method === 'POST') countMcp(req.body);
      if (traced) {
        traced.span.updateName(`${req.method} ${labels.route}`);
        traced.span.setAttributes({
          'http.route': labels.route,
          'http.response.status_code': res.statusCode,
        });
        traced.span.end();
      }
    });
    if (traced) context.with(traced.context, next);
    else next();
  };
}

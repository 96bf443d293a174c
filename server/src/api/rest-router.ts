import { Router, type Request, type RequestHandler } from 'express';
import type { AccessTokenVerifier } from '../resource-server/access-token.js';
import type { CallerLimiter } from '../http/rate-limits.js';
import { requireAccess } from '../resource-server/require-access.js';
import { ValidationError } from '../errors/domain-errors.js';
import { sendRefusalAsProblem } from '../errors/error-mapping.js';
import { OPERATIONS } from '../operations/catalogue.js';
import { scopeOf, type AnyOperation } from '../operations/operation.js';
import type { OperationRunner } from '../operations/run-operation.js';
import type { StreamedFile } from '../transfer/export-service.js';
import { jsonBody } from './request-body.js';
import { sendStreamed } from './send-streamed.js';

export interface RestRouterDeps {
  runner: OperationRunner;
  verifier: AccessTokenVerifier;
  /** `<PUBLIC_URL>/api`, the audience of tokens for this API. */
  resource: string;
  resourceMetadataUrl: string;
  /** Per-user and per-client request limits. */
  limiter?: CallerLimiter;
}

/** The `{name}` segments of an OpenAPI path, in order. */
export const pathParameters = (path: string): string[] =>
  [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** Whether the operation's input comes from a JSON body (else from the query string). */
export const takesBody = (operation: AnyOperation): boolean =>
  operation.rest?.method !== 'get' && operation.rest?.method !== 'delete';

/**
 * The REST API, `/api/v1`: one route per catalogue operation that has a REST
 * form. Path segments plus the query (GET, DELETE) or the JSON body make the
 * operation's input; the scope check, parsing, audit and the response's shape
 * all come from the operation. Errors are problem documents (RFC 9457) written
 * by the app's error handler.
 */
export function restRouter(deps: RestRouterDeps): Router {
  // One access check per operation: a refusal for a missing scope is
  // recorded under that operation (the owner sees what an application tried
  // beyond its grant), with the memory or username its path named.
  const access = (operation: AnyOperation, params: string[]) =>
    requireAccess({
      verifier: deps.verifier,
      surface: 'api',
      resource: deps.resource,
      resourceMetadataUrl: deps.resourceMetadataUrl,
      requiredScopes: () => [scopeOf(operation)],
      refuse: sendRefusalAsProblem,
      limiter: deps.limiter,
      onScopeRefused: (caller, req) =>
        deps.runner.refused(
          operation,
          caller,
          Object.fromEntries(params.map((name) => [name, req.params[name]])),
        ),
    });
  const json = jsonBody();

  const router = Router();
  router.use((_req, res, next) => {
    // Responses carry private memories: never cached by shared caches.
    res.set('Cache-Control', 'no-store');
    next();
  });

  for (const operation of OPERATIONS) {
    const rest = operation.rest;
    if (!rest) continue;
    const params = pathParameters(rest.path);
    const body = takesBody(operation);
    const handlers: RequestHandler[] = [access(operation, params)];
    if (body) handlers.push(rest.maxBodyBytes ? jsonBody(rest.maxBodyBytes) : json);
    handlers.push(async (req, res) => {
      const output = await deps.runner.run(
        operation,
        req.caller!,
        inputOf(req, params, body, rest.headers ?? {}),
      );
      if (operation.streamed) return sendStreamed(res, output as StreamedFile);
      const location = rest.location?.(output);
      if (location) res.location(location);
      if (rest.status === 204) res.status(204).end();
      else res.status(rest.status ?? 200).json(output);
    });
    router[rest.method](rest.path.replace(/\{(\w+)\}/g, ':$1'), ...handlers);
  }
  return router;
}

/**
 * The operation's input: the body or query, plus the path's segments and the
 * declared headers (which the body or query may not repeat).
 */
function inputOf(
  req: Request,
  params: string[],
  body: boolean,
  headers: Record<string, string | undefined>,
): Record<string, unknown> {
  const source: unknown = body ? req.body : req.query;
  if (typeof source !== 'object' || source === null || Array.isArray(source)) {
    throw new ValidationError('the request body must be a JSON object');
  }
  const repeated = params.find((name) => Object.hasOwn(source, name));
  if (repeated) {
    throw new ValidationError(`unknown field "${repeated}"; it is part of the path`, repeated);
  }
  const fromHeaders: Record<string, string> = {};
  for (const [field, header] of Object.entries(headers)) {
    if (Object.hasOwn(source, field)) {
      throw new ValidationError(`unknown field "${field}"; send it as the ${header} header`, field);
    }
    const value = req.get(header!);
    if (value !== undefined) fromHeaders[field] = value;
  }
  return {
    ...source,
    ...fromHeaders,
    ...Object.fromEntries(params.map((name) => [name, String(req.params[name])])),
  };
}

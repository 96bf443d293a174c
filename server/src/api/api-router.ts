import { Router, type Request, type Response } from 'express';
import type { AccessTokenVerifier } from '../resource-server/access-token.js';
import type { Caller } from '../resource-server/caller.js';
import { requireAccess, type AccessRefusal } from '../resource-server/require-access.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditedMemories } from '../audit/audited-memories.js';
import type { AccountService } from '../accounts/accounts.js';
import { NotFoundError } from '../domain-errors.js';
import { HttpProblem, sendProblem } from '../http/problem.js';
import {
  presentAuditEntry,
  presentHit,
  presentMe,
  presentMemory,
  presentPersona,
  presentVersion,
} from './presenters.js';
import { bodyFields, jsonBody } from './request-body.js';

export interface ApiRouterDeps {
  memories: AuditedMemories;
  audit: AuditLog;
  accounts: Pick<AccountService, 'find'>;
  verifier: AccessTokenVerifier;
  /** `<PUBLIC_URL>/api`, the audience of tokens for this API. */
  resource: string;
  resourceMetadataUrl: string;
}

const READ = 'memories:read';
const WRITE = 'memories:write';

/**
 * The REST API, `/api/v1`: thin routes over the audited memory operations.
 * JSON in and out; errors are problem documents (RFC 9457) written by the
 * app's error handler.
 */
export function apiRouter(deps: ApiRouterDeps): Router {
  const { memories } = deps;
  const access = (scope: string) =>
    requireAccess({
      verifier: deps.verifier,
      surface: 'api',
      resource: deps.resource,
      resourceMetadataUrl: deps.resourceMetadataUrl,
      requiredScopes: () => [scope],
      refuse: refuseAsProblem,
    });
  const read = access(READ);
  const write = access(WRITE);
  const json = jsonBody();
  const caller = (req: Request): Caller => req.caller!;
  const id = (req: Request) => String(req.params.id);

  const router = Router();
  router.use((_req, res, next) => {
    // Responses carry private memories: never cached by shared caches.
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/api/v1/me', read, async (req, res) => {
    const account = await deps.accounts.find(caller(req).userId);
    if (!account) throw new NotFoundError('user');
    res.json(presentMe(caller(req), account));
  });

  router.get('/api/v1/me/audit', read, async (req, res) => {
    const page = await deps.audit.list(caller(req).userId, {
      limit: req.query.limit,
      cursor: req.query.cursor,
    });
    res.json({ items: page.items.map(presentAuditEntry), nextCursor: page.nextCursor ?? null });
  });

  router.post('/api/v1/memories', write, json, async (req, res) => {
    const body = bodyFields(req.body, ['text', 'permission', 'tags', 'expiresAt']);
    const memory = await memories.create(caller(req), body as never);
    res.status(201).location(`/api/v1/memories/${memory.id}`).json(presentMemory(memory));
  });

  router.get('/api/v1/memories', read, async (req, res) => {
    const { limit, cursor, permission, tag, username, createdAfter, createdBefore } = req.query;
    const page = await memories.list(caller(req), {
      limit,
      cursor,
      permission,
      tag,
      username,
      createdAfter,
      createdBefore,
    } as never);
    res.json({ items: page.items.map(presentMemory), nextCursor: page.nextCursor ?? null });
  });

  router.post('/api/v1/memories/search', read, json, async (req, res) => {
    const body = bodyFields(req.body, [
      'query',
      'limit',
      'minSimilarity',
      'username',
      'permission',
      'tags',
    ]);
    const hits = await memories.search(caller(req), body as never);
    res.json({ results: hits.map(presentHit) });
  });

  router.get('/api/v1/memories/:id', read, async (req, res) => {
    res.json(presentMemory(await memories.get(caller(req), id(req))));
  });

  router.patch('/api/v1/memories/:id', write, json, async (req, res) => {
    const body = bodyFields(req.body, ['text', 'tags', 'expiresAt']);
    res.json(presentMemory(await memories.update(caller(req), id(req), body as never)));
  });

  router.put('/api/v1/memories/:id/permission', write, json, async (req, res) => {
    const { permission } = bodyFields(req.body, ['permission']);
    res.json(presentMemory(await memories.setPermission(caller(req), id(req), permission)));
  });

  router.delete('/api/v1/memories/:id', write, async (req, res) => {
    await memories.delete(caller(req), id(req));
    res.status(204).end();
  });

  router.get('/api/v1/memories/:id/history', read, async (req, res) => {
    const versions = await memories.history(caller(req), id(req));
    res.json({ items: versions.map(presentVersion) });
  });

  router.post('/api/v1/users/:username/persona', read, json, async (req, res) => {
    const { question } = bodyFields(req.body, ['question']);
    const result = await memories.askPersona(caller(req), {
      username: String(req.params.username),
      question: question as string,
    });
    res.json(presentPersona(result));
  });

  return router;
}

/** RFC 6750 refusals as problem documents; the challenge header says the same for OAuth clients. */
function refuseAsProblem(res: Response, refusal: AccessRefusal): void {
  const code = refusal.error ?? 'unauthorized';
  const titles = {
    invalid_request: 'Bad Request',
    invalid_token: 'Invalid Token',
    insufficient_scope: 'Insufficient Scope',
    unauthorized: 'Unauthorized',
  };
  sendProblem(
    res,
    new HttpProblem(refusal.status, code, titles[code], refusal.description, {
      ...(refusal.error === 'insufficient_scope' ? { scope: refusal.scopes.join(' ') } : {}),
    }),
  );
}

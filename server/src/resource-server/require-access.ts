import type { Request, RequestHandler, Response } from 'express';
import { MEMORY_SCOPES } from '../authorization-server/provider.js';
import type { CallerLimiter } from '../http/rate-limits.js';
import { HttpProblem } from '../http/problem.js';
import { bearerChallenge } from './bearer-challenge.js';
import { tokenRefusals } from '../observability/metrics.js';
import type { Caller, Surface } from './caller.js';
import { InvalidTokenError, type AccessTokenVerifier, type VerifiedToken } from './access-token.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by {@link requireAccess} once the access token checks out. */
    caller?: Caller;
    /** The verified token behind {@link caller}. */
    accessToken?: VerifiedToken & { token: string };
  }
}

/** Why a request was refused, in RFC 6750 terms; the surface writes the body. */
export interface AccessRefusal {
  status: 400 | 401 | 403;
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  description: string;
  /** The scopes the challenge names. */
  scopes: string[];
}

export interface RequireAccessOptions {
  verifier: AccessTokenVerifier;
  surface: Surface;
  /** This surface's resource indicator; tokens must carry it as their audience. */
  resource: string;
  /** Where this resource's RFC 9728 metadata lives, for the challenges. */
  resourceMetadataUrl: string;
  /** The scopes this request needs (it may look at the parsed body). */
  requiredScopes: (req: Request) => string[];
  /** Writes the refusal's body in the surface's format; the challenge header is already set. */
  refuse: (res: Response, refusal: AccessRefusal) => void;
  /** Per-user and per-client request limits; unlimited when absent. */
  limiter?: CallerLimiter;
  /**
   * Told about a valid token refused for lacking a scope, with the caller it
   * names (for the owner's audit log); the refusal is sent whatever it does.
   */
  onScopeRefused?: (caller: Caller, req: Request) => void;
}

/**
 * The scopes of both resources: what a client without a token is told to ask
 * for, and the part of a token's scopes a step-up challenge keeps.
 */
const RESOURCE_SCOPES = Object.keys(MEMORY_SCOPES);

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * The access check both surfaces share: a bearer token in the Authorization
 * header (RFC 6750 §2.1, never the query string), verified for this resource,
 * carrying the scopes the request needs. The caller it sets is the only
 * source of the acting user.
 */
export function requireAccess(options: RequireAccessOptions): RequestHandler {
  const refuse = (res: Response, refusal: AccessRefusal) => {
    tokenRefusals.inc({ where: options.surface, reason: refusal.error ?? 'missing_token' });
    res.set(
      'WWW-Authenticate',
      bearerChallenge({
        resourceMetadataUrl: options.resourceMetadataUrl,
        scopes: refusal.scopes,
        error: refusal.error,
        description: refusal.description,
      }),
    );
    res.set('Cache-Control', 'no-store');
    options.refuse(res, refusal);
  };

  return async (req, res, next) => {
    // RFC 6750 §2.3 allows a query parameter; OAuth 2.1 §5.2 forbids it (URLs end up in logs).
    if (req.query.access_token !== undefined) {
      return refuse(res, {
        status: 400,
        error: 'invalid_request',
        description:
          'access tokens are not accepted in the query string; send Authorization: Bearer',
        scopes: RESOURCE_SCOPES,
      });
    }
    const header = req.headers.authorization;
    if (!header) {
      return refuse(res, {
        status: 401,
        description: 'an access token is required',
        scopes: RESOURCE_SCOPES,
      });
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) {
      return refuse(res, {
        status: 401,
        error: 'invalid_token',
        description: 'the Authorization header must be "Bearer <access token>"',
        scopes: RESOURCE_SCOPES,
      });
    }
    let verified: VerifiedToken;
    try {
      verified = await options.verifier.verify(token, options.resource);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) return next(error);
      return refuse(res, {
        status: 401,
        error: 'invalid_token',
        description: error.message,
        scopes: RESOURCE_SCOPES,
      });
    }
    const caller: Caller = {
      userId: verified.subject,
      clientId: verified.clientId,
      surface: options.surface,
      scopes: verified.scopes,
      ...(verified.limit ? { limit: verified.limit } : {}),
    };
    const required = options.requiredScopes(req);
    const missing = required.filter((scope) => !verified.scopes.includes(scope));
    if (missing.length > 0) {
      options.onScopeRefused?.(caller, req);
      // Name what the operation needs plus what the token already has, so a
      // client that replaces its scope with the challenge's keeps what it had
      // (MCP authorization, "Scope challenge handling").
      const kept = verified.scopes.filter((scope) => RESOURCE_SCOPES.includes(scope));
      return refuse(res, {
        status: 403,
        error: 'insufficient_scope',
        description: `this operation needs the ${missing.join(' and ')} scope`,
        scopes: [...new Set([...kept, ...required])],
      });
    }
    const retryAfter = await options.limiter?.({
      userId: verified.subject,
      clientId: verified.clientId,
    });
    if (retryAfter !== undefined) {
      // RFC 6585 §4; answered by the app's error handler as a problem document.
      return next(
        new HttpProblem(
          429,
          'rate_limited',
          'Too Many Requests',
          `Too many requests for this account or application; try again in ${retryAfter} seconds.`,
          {},
          retryAfter,
        ),
      );
    }
    req.accessToken = { ...verified, token };
    req.caller = caller;
    next();
  };
}

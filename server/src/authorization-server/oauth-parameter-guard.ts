import express, { type Request, type RequestHandler, type Response } from 'express';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from '../text/safe-text.js';
import { errorPage } from '../pages/views/interaction-pages.js';
import { basicCredentials } from './client-credentials.js';

/** Endpoints a browser is sent to: they answer with a page, not JSON. */
const BROWSER_ENDPOINTS = [/^\/auth(\/|$)/, /^\/session\/end(\/|$)/];

/** oidc-provider's own body limit (`shared/selective_body.js`). */
const PROVIDER_BODY_LIMIT = 56 * 1024;

/**
 * Refuses OAuth requests whose parameters (query, form body, or client
 * credentials in the Authorization header) hold NUL characters or unpaired
 * surrogates, before oidc-provider looks them up in (or writes them to) the
 * database, which cannot hold them. RFC 6749 §5.2 (and §4.1.2.1 for the
 * authorization endpoint) calls such a request `invalid_request`; the
 * authorization and end-session endpoints must not redirect to a
 * `redirect_uri` that cannot be trusted, so they answer with a page.
 * A form body is parsed here and handed on parsed (oidc-provider accepts that).
 */
export function oauthParameterGuard(): RequestHandler {
  const form = express.urlencoded({ extended: false, limit: PROVIDER_BODY_LIMIT });
  return (req, res, next) => {
    if (containsUnsafeText(req.query) || unsafeBasicCredentials(req)) return refuse(req, res);
    if (req.method !== 'POST' || !req.is('application/x-www-form-urlencoded')) return next();
    form(req, res, (error?: unknown) => {
      // An unreadable body is oidc-provider's to refuse (it re-reads nothing).
      if (error) return refuseUnreadable(req, res, error);
      if (containsUnsafeText(req.body)) return refuse(req, res);
      next();
    });
  };
}

/** Whether the Basic credentials (RFC 6749 §2.3.1) hold text the database cannot. */
function unsafeBasicCredentials(req: Request): boolean {
  return basicCredentials(req)?.some((part) => containsUnsafeText(part)) ?? false;
}

function refuse(req: Request, res: Response): void {
  res.set('Cache-Control', 'no-store');
  if (BROWSER_ENDPOINTS.some((path) => path.test(req.path))) {
    res
      .status(400)
      .type('html')
      .send(errorPage('Invalid request', `A parameter of this request ${UNSAFE_TEXT_MESSAGE}.`));
    return;
  }
  res.status(400).json({
    error: 'invalid_request',
    error_description: `a request parameter ${UNSAFE_TEXT_MESSAGE}`,
  });
}

function refuseUnreadable(req: Request, res: Response, error: unknown): void {
  const { status, type } = error as { status?: number; type?: string };
  const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
  const description =
    type === 'encoding.unsupported'
      ? 'the Content-Encoding of the request body is not supported'
      : code === 413
        ? 'the request body is too large'
        : 'the request body could not be read';
  res.set('Cache-Control', 'no-store');
  if (BROWSER_ENDPOINTS.some((path) => path.test(req.path))) {
    res
      .status(code)
      .type('html')
      .send(errorPage('Invalid request', `${description}.`));
    return;
  }
  res.status(code).json({ error: 'invalid_request', error_description: description });
}

import { randomBytes } from 'node:crypto';
import { safeEqual } from '@picard/kit/hmac.js';
import type { Request, RequestHandler } from 'express';

/** The session's CSRF token, made on first use; every form carries it. */
export function csrfToken(req: Request): string {
  req.session.csrf ??= randomBytes(24).toString('base64url');
  return req.session.csrf;
}

/** Refuses a POST whose `_csrf` field does not match the session's token (403). */
export function verifyCsrf(): RequestHandler {
  return (req, res, next) => {
    const sent = String((req.body as Record<string, unknown>)?._csrf ?? '');
    const expected = req.session.csrf ?? '';
    if (expected.length > 0 && safeEqual(sent, expected)) return next();
    res
      .status(403)
      .type('text')
      .send('This form has expired. Go back, reload the page and try again.');
  };
}

import express, { type RequestHandler } from 'express';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from '../text/safe-text.js';
import { errorPage } from './views/interaction-pages.js';

/**
 * Parses a page's form post (`application/x-www-form-urlencoded`, 16 KiB at
 * most). A form whose fields hold NUL characters or unpaired surrogates was
 * not typed into our pages: it gets a 400 page, before any field reaches an
 * account lookup (PostgreSQL cannot hold such text).
 */
export function formBody(): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: '16kb' });
  return (req, res, next) =>
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (!containsUnsafeText(req.body)) return next();
      res
        .status(400)
        .type('html')
        .send(errorPage('Invalid form', `A field of this form ${UNSAFE_TEXT_MESSAGE}.`));
    });
}

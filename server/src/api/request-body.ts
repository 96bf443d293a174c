import express, { type RequestHandler } from 'express';
import { HttpProblem } from '../http/problem.js';

/** Large enough for the longest memory (10,000 characters of 4-byte UTF-8) and its tags. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Parses a JSON request body: 415 for any other media type, 400 for malformed
 * JSON, 413 past `limit` ({@link MAX_BODY_BYTES} unless an operation takes
 * files), both through the error handler.
 */
export function jsonBody(limit = MAX_BODY_BYTES): RequestHandler {
  const parse = express.json({ limit, strict: true });
  return (req, res, next) => {
    if (!req.is('application/json')) {
      return next(
        new HttpProblem(
          415,
          'unsupported_media_type',
          'Unsupported Media Type',
          'The request body must be JSON (Content-Type: application/json).',
        ),
      );
    }
    parse(req, res, next);
  };
}

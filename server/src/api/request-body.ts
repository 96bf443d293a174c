import express, { type RequestHandler } from 'express';
import { ValidationError } from '../domain-errors.js';
import { HttpProblem } from '../http/problem.js';

/** Large enough for the longest memory (10,000 characters of 4-byte UTF-8) and its tags. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Parses a JSON request body: 415 for any other media type, 400 for malformed
 * JSON, 413 past {@link MAX_BODY_BYTES} (both through the error handler).
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: MAX_BODY_BYTES, strict: true });
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

/**
 * The parsed body as an object with only `fields`: a misspelt field is an
 * error, not something silently ignored.
 */
export function bodyFields(body: unknown, fields: readonly string[]): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('the request body must be a JSON object');
  }
  const unknown = Object.keys(body).find((key) => !fields.includes(key));
  if (unknown !== undefined) {
    throw new ValidationError(
      `unknown field "${unknown}"; expected ${fields.map((field) => `"${field}"`).join(', ')}`,
      unknown,
    );
  }
  return body as Record<string, unknown>;
}

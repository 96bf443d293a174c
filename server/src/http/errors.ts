import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError, ValidationError } from '../domain-errors.js';
import type { Logger } from '../logger.js';
import { HttpProblem, sendProblem } from './problem.js';

/** 404 for every route nobody answered. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    sendProblem(res, new HttpProblem(404, 'not_found', 'Not Found', `No route for ${req.path}`));
  };
}

/**
 * The last handler: known problems keep their status and code, body-parser
 * failures become 400/413, anything else is a 500 that reveals nothing but
 * the request id to quote when reporting it.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof HttpProblem) return sendProblem(res, error);
    if (error instanceof DomainError) return sendProblem(res, fromDomainError(error));
    const parserProblem = fromBodyParser(error);
    if (parserProblem) return sendProblem(res, parserProblem);

    logger.error({ err: error, reqId: req.id }, 'unhandled error');
    sendProblem(
      res,
      new HttpProblem(500, 'internal_error', 'Internal Server Error', undefined, {
        request_id: String(req.id),
      }),
    );
  };
}

const TITLES: Record<string, string> = {
  invalid_input: 'Invalid Input',
  memory_not_found: 'Memory Not Found',
  user_not_found: 'User Not Found',
  conflict: 'Conflict',
};

/** The service's typed error as a problem document; `field` names the input at fault. */
function fromDomainError(error: DomainError): HttpProblem {
  return new HttpProblem(
    error.status,
    error.code,
    TITLES[error.code] ?? 'Error',
    error.message,
    error instanceof ValidationError && error.field ? { field: error.field } : {},
  );
}

/** body-parser marks its errors with `type` and `status`. */
function fromBodyParser(error: unknown): HttpProblem | undefined {
  const { type, status, limit } = (error ?? {}) as {
    type?: string;
    status?: number;
    limit?: number;
  };
  if (type === 'entity.parse.failed') {
    return new HttpProblem(
      400,
      'malformed_json',
      'Malformed JSON',
      'The request body is not valid JSON.',
    );
  }
  if (type === 'entity.too.large') {
    return new HttpProblem(
      413,
      'payload_too_large',
      'Payload Too Large',
      `The request body is larger than the ${limit ?? ''} byte limit.`.replace('  ', ' '),
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string') {
    return new HttpProblem(
      status,
      'bad_request',
      'Bad Request',
      'The request body could not be read.',
    );
  }
  return undefined;
}

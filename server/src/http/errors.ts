import type { ErrorRequestHandler, RequestHandler } from 'express';
import { internalProblem, problemFromError } from '../errors/error-mapping.js';
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
    const problem = problemFromError(error);
    if (problem) return sendProblem(res, problem);
    logger.error({ err: error, reqId: req.id }, 'unhandled error');
    sendProblem(res, internalProblem(String(req.id)));
  };
}

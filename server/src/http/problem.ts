import type { Response } from 'express';

/**
 * An error that becomes an RFC 9457 problem document. `code` is stable and
 * machine-readable; `detail` is written for the person reading it.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    /** Sent as `Retry-After` (RFC 9110 §10.2.3) with 429 and 503 answers. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }
}

/** The `type` URI of a problem code, relative to the server (RFC 9457 §3.1.1). */
export function problemType(code: string): string {
  return `/problems/${code}`;
}

/** Writes `problem` as `application/problem+json`. */
export function sendProblem(res: Response, problem: HttpProblem, instance?: string): void {
  if (problem.retryAfterSeconds !== undefined) {
    res.set('Retry-After', String(problem.retryAfterSeconds));
  }
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: problemType(problem.code),
      title: problem.title,
      status: problem.status,
      code: problem.code,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(instance ? { instance } : {}),
      ...problem.extensions,
    });
}

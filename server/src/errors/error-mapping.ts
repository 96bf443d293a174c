import type { Response } from 'express';
import type { AccessRefusal } from '../resource-server/require-access.js';
import type { AuditOutcome } from '../audit/audit-log.js';
import { HttpProblem, sendProblem } from '../http/problem.js';
import { DomainError, ValidationError } from './domain-errors.js';

/**
 * The one place where errors become what each surface speaks: problem
 * documents (RFC 9457) on REST, `isError` tool results and JSON-RPC errors on
 * MCP, outcomes in the audit log, and RFC 6750 refusals in both shapes.
 * Anything that is not a known error maps to a generic answer that reveals
 * nothing; the caller of these functions logs it.
 */

/** MCP's "resource not found" code (specification, server/resources, Error Handling). */
export const RESOURCE_NOT_FOUND = -32002;
/** JSON-RPC 2.0 "Invalid params". */
export const INVALID_PARAMS = -32602;

/** How long clients are told to wait while the database is unreachable. */
export const OUTAGE_RETRY_AFTER_SECONDS = 10;
export const OUTAGE_MESSAGE = 'The service is temporarily unavailable; try again shortly.';

/** Connection-level failures of node-postgres and PostgreSQL (SQLSTATE classes 08, 57P, 53300). */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // Prisma's own: can't reach / timed out / server closed the connection / pool timeout.
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
]);
/** Prisma driver-adapter error kinds for the same failures. */
const CONNECTION_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);
/** node-postgres reports some of them by message only. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection refused|connect ECONNREFUSED|Cannot use a pool after calling end/i;

/**
 * True when `error` (or anything in its `cause` chain) says the database
 * cannot be reached, rather than that a query was wrong: such requests get
 * 503 with Retry-After, not a 500 (RFC 9110 §15.6.4).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current && typeof current === 'object'; depth += 1) {
    const { code, kind, message, originalCode, cause } = current as {
      code?: unknown;
      kind?: unknown;
      message?: unknown;
      originalCode?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
    if (typeof originalCode === 'string' && CONNECTION_CODES.has(originalCode)) return true;
    if (typeof kind === 'string' && CONNECTION_KINDS.has(kind)) return true;
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true;
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable))
      return true;
    current = cause;
  }
  return false;
}

/** The answer while the database is unreachable. */
export function unavailableProblem(): HttpProblem {
  return new HttpProblem(
    503,
    'service_unavailable',
    'Service Unavailable',
    OUTAGE_MESSAGE,
    {},
    OUTAGE_RETRY_AFTER_SECONDS,
  );
}

/** A known error as a problem document, or undefined for anything unexpected. */
export function problemFromError(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (isDatabaseUnavailable(error)) return unavailableProblem();
  if (error instanceof DomainError) {
    return new HttpProblem(error.status, error.code, error.title, error.message, {
      ...(error instanceof ValidationError && error.field ? { field: error.field } : {}),
      ...error.extensions,
    });
  }
  return problemFromBodyParser(error);
}

/** The problem for an unexpected error: nothing but the request id to quote. */
export function internalProblem(requestId: string): HttpProblem {
  return new HttpProblem(500, 'internal_error', 'Internal Server Error', undefined, {
    request_id: requestId,
  });
}

/**
 * Errors Express and body-parser raise for requests they cannot read. They
 * carry a 4xx `status` (http-errors); their messages may quote the request,
 * so only fixed text is sent back.
 */
function problemFromBodyParser(error: unknown): HttpProblem | undefined {
  const { type, status, limit, name, expose } = (error ?? {}) as {
    type?: string;
    status?: number;
    limit?: number;
    name?: string;
    expose?: boolean;
  };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
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
  if (type === 'encoding.unsupported') {
    return new HttpProblem(
      415,
      'unsupported_encoding',
      'Unsupported Content-Encoding',
      'The request body’s Content-Encoding is not supported; send it as identity, gzip, deflate or br.',
    );
  }
  // Express's router cannot percent-decode a path segment (RFC 3986 §2.1).
  if (name === 'URIError') {
    return new HttpProblem(
      400,
      'bad_request',
      'Bad Request',
      'The URL is not valid percent-encoded UTF-8.',
    );
  }
  if (typeof type === 'string' || expose === true) {
    return new HttpProblem(
      status,
      'bad_request',
      'Bad Request',
      'The request body could not be read.',
    );
  }
  return undefined;
}

/**
 * The message a tool result carries for a known error, with field names
 * spelt as the tool's arguments are; undefined for anything unexpected.
 */
export function toolErrorMessage(
  error: unknown,
  fieldName: (message: string) => string,
): string | undefined {
  if (isDatabaseUnavailable(error)) return OUTAGE_MESSAGE;
  return error instanceof DomainError ? fieldName(error.message) : undefined;
}

/** What a tool says when something unexpected failed (the details are only logged). */
export const TOOL_INTERNAL_ERROR = 'Something went wrong on the server; try again later.';

/**
 * A known error as a JSON-RPC error: for a resource read (`resourceUri`), a
 * memory or user one may not read is simply "resource not found"; anything
 * else the caller got wrong is invalid params. Undefined for anything unexpected.
 */
export function jsonRpcErrorFrom(
  error: unknown,
  resourceUri?: string,
): { code: number; message: string; data?: unknown } | undefined {
  if (isDatabaseUnavailable(error))
    return { code: RPC_INTERNAL_ERROR.code, message: OUTAGE_MESSAGE };
  if (!(error instanceof DomainError)) return undefined;
  if (error.status === 404 && resourceUri !== undefined) {
    return {
      code: RESOURCE_NOT_FOUND,
      message: `Resource ${resourceUri} not found`,
      data: { uri: resourceUri },
    };
  }
  return { code: INVALID_PARAMS, message: error.message };
}

/** What a JSON-RPC error says when something unexpected failed (the details are only logged). */
export const RPC_INTERNAL_ERROR = {
  code: -32603,
  message: 'Internal error: something went wrong on the server; try again later.',
} as const;

/** How an operation that threw ended, as the audit log records it. */
export function auditOutcomeOf(error: unknown): AuditOutcome {
  if (!(error instanceof DomainError)) return 'error';
  if (error.status === 404) return 'not_found';
  if (error.code === 'invalid_input' || error.code === 'conflict') return error.code;
  if (error.code === 'invalid_import' || error.code === 'import_too_large') return 'invalid_input';
  return 'error';
}

const REFUSAL_TITLES = {
  invalid_request: 'Bad Request',
  invalid_token: 'Invalid Token',
  insufficient_scope: 'Insufficient Scope',
  unauthorized: 'Unauthorized',
} as const;

/** An RFC 6750 refusal as a problem document (REST); the challenge header says the same. */
export function sendRefusalAsProblem(res: Response, refusal: AccessRefusal): void {
  const code = refusal.error ?? 'unauthorized';
  sendProblem(
    res,
    new HttpProblem(refusal.status, code, REFUSAL_TITLES[code], refusal.description, {
      ...(refusal.error === 'insufficient_scope' ? { scope: refusal.scopes.join(' ') } : {}),
    }),
  );
}

/** An RFC 6750 refusal in the OAuth error shape (§3), as MCP clients expect it. */
export function sendRefusalAsOAuthError(res: Response, refusal: AccessRefusal): void {
  res.status(refusal.status).json({
    error: refusal.error ?? 'unauthorized',
    error_description: refusal.description,
  });
}

import type { Response } from 'express';
import type { AccessRefusal } from '../access/require-access.js';
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

/** A known error as a problem document, or undefined for anything unexpected. */
export function problemFromError(error: unknown): HttpProblem | undefined {
  if (error instanceof HttpProblem) return error;
  if (error instanceof DomainError) {
    return new HttpProblem(
      error.status,
      error.code,
      error.title,
      error.message,
      error instanceof ValidationError && error.field ? { field: error.field } : {},
    );
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

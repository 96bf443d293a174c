/**
 * Errors the domain raises for the caller's mistakes. Each class declares its
 * HTTP status, a stable code and a title; every surface maps them in one
 * place (`error-mapping.ts`). Anything else that escapes a service is a bug:
 * a generic 500 that reveals nothing.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  /** A short, fixed summary of the kind of problem (RFC 9457 `title`). */
  abstract readonly title: string;
  /** Extra members for the problem document (RFC 9457 §3.2), e.g. a list of line problems. */
  readonly extensions?: Record<string, unknown>;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule; `field` names the offending input when there is one. */
export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'invalid_input';
  readonly title = 'Invalid Input';

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Nothing the caller may see exists under that name. Deliberately the same for
 * "does not exist" and "exists but is not yours", so ids cannot be probed.
 */
export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code:
    | 'memory_not_found'
    | 'user_not_found'
    | 'import_not_found'
    | 'client_not_found'
    | 'group_not_found';
  readonly title: string;

  constructor(what: 'memory' | 'user' | 'import' | 'client' | 'group') {
    const noun = {
      memory: 'Memory',
      user: 'User',
      import: 'Import',
      client: 'Application',
      group: 'Group',
    }[what];
    super(`${noun} not found.`);
    this.code = `${what}_not_found`;
    this.title = `${noun} Not Found`;
  }
}

/** Someone else changed the same thing at the same moment; retrying is safe. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
  readonly title = 'Conflict';
}

/**
 * An idempotency key already used for a create with a different input
 * (draft-ietf-httpapi-idempotency-key-header §2.7: 422 for a reused key).
 */
export class IdempotencyKeyReusedError extends DomainError {
  readonly status = 422;
  readonly code = 'idempotency_key_reused';
  readonly title = 'Idempotency Key Reused';

  constructor() {
    super('This idempotency key was already used for a different memory; use a new key.');
  }
}

/**
 * The caller's token lacks the scope an operation needs. The surfaces refuse
 * such requests before they reach an operation (with an RFC 6750 challenge);
 * this is the operation runner's own guard behind them.
 */
export class InsufficientScopeError extends DomainError {
  readonly status = 403;
  readonly code = 'insufficient_scope';
  readonly title = 'Insufficient Scope';

  constructor(readonly scope: string) {
    super(`this operation needs the ${scope} scope`);
  }
}

/**
 * The person limited this application to some tags on the consent page, and
 * the operation could reach beyond them (e.g. changing a group's members
 * changes who reads memories outside those tags).
 */
export class ApplicationLimitedError extends DomainError {
  readonly status = 403;
  readonly code = 'application_limited';
  readonly title = 'Application Limited';
}

/** The caller may see the thing but not do this to it (e.g. a member renaming a group). */
/** A line of an import file the import cannot take: where, and why. */
export interface ImportLineProblem {
  line: number;
  message: string;
}

/**
 * An import file with lines that cannot be imported; nothing was imported.
 * Every problem is listed with its line number (up to a bound), the first few
 * in the message itself for clients that show only that.
 */
export class ImportRejectedError extends DomainError {
  readonly status = 400;
  readonly code = 'invalid_import';
  readonly title = 'Invalid Import';
  override readonly extensions: Record<string, unknown>;

  constructor(
    readonly problems: ImportLineProblem[],
    readonly problemCount: number,
  ) {
    const shown = problems
      .slice(0, 5)
      .map((problem) => `line ${problem.line}: ${problem.message}`)
      .join('; ');
    const more = problemCount > 5 ? ` (and ${problemCount - 5} more)` : '';
    super(
      `nothing was imported: ${problemCount} ${problemCount === 1 ? 'line has a problem' : 'lines have problems'}: ${shown}${more}. Fix them, or ask to skip invalid lines.`,
    );
    this.extensions = { problems, problemCount };
  }
}

/**
 * An export too large to send as one message (an MCP resource read); the
 * streamed REST download and the command line have no such bound.
 */
export class ExportTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'export_too_large';
  readonly title = 'Export Too Large';
}

/** An import past the size or count bound: refused whole, nothing imported. */
export class ImportTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'import_too_large';
  readonly title = 'Import Too Large';
}

/**
 * The caller is who they say, but their account may not do this: an
 * administration operation for an account that is not (or no longer) an
 * administrator. Nothing was changed.
 */
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

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
  readonly code: 'memory_not_found' | 'user_not_found' | 'group_not_found';
  readonly title: string;

  constructor(what: 'memory' | 'user' | 'group') {
    const name = what[0]!.toUpperCase() + what.slice(1);
    super(`${name} not found.`);
    this.code = `${what}_not_found`;
    this.title = `${name} Not Found`;
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
export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
  readonly title = 'Forbidden';
}

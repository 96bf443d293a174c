/**
 * Errors the domain services raise for the caller's mistakes. Each carries an
 * HTTP-like status and a stable code; every surface (REST, MCP) maps them in
 * one place. Anything else that escapes a service is a bug: a generic 500.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule; `field` names the offending input when there is one. */
export class ValidationError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(400, 'invalid_input', message);
  }
}

/**
 * Nothing the caller may see exists under that name. Deliberately the same for
 * "does not exist" and "exists but is not yours", so ids cannot be probed.
 */
export class NotFoundError extends DomainError {
  constructor(what: 'memory' | 'user') {
    super(404, `${what}_not_found`, what === 'memory' ? 'Memory not found.' : 'User not found.');
  }
}

/** Someone else changed the same thing at the same moment; retrying is safe. */
export class ConflictError extends DomainError {
  constructor(message: string) {
    super(409, 'conflict', message);
  }
}

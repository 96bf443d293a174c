/** Error codes of a connection that failed or broke (Node's and undici's). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whether `error` says the Picard server could not be reached (a refused or
 * broken connection, a name that does not resolve) or could not serve (a
 * {@link ServerUnavailableError}), as opposed to an answer about the
 * request. `fetch` reports the former as a TypeError whose cause carries the
 * code; libraries built on it may wrap that once more.
 */
export function isServerUnreachable(error: unknown): boolean {
  if (error instanceof ServerUnavailableError) return true;
  for (let cause = error, depth = 0; cause && depth < 4; depth += 1) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if (cause instanceof TypeError && cause.message === 'fetch failed') return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * The server answered, but with a server error (5xx) where an answer was
 * due: it cannot serve now, which ends nobody's sign-in.
 */
export class ServerUnavailableError extends Error {
  constructor(readonly status: number) {
    super(`the Picard server answered ${status}`);
    this.name = 'ServerUnavailableError';
  }
}

/** Which way a request came in; recorded in the audit log. */
export type Surface = 'api' | 'mcp';

/**
 * Who is acting, taken from a verified access token and nothing else: the
 * user is the token's `sub`, never a value from the request.
 */
export interface Caller {
  userId: string;
  clientId: string;
  surface: Surface;
  /** The memory scopes the token carries (less write for a read-only application). */
  scopes: string[];
  /** The application's limit, when the person set one. */
  limit?: ApplicationLimit;
}

/** The memory domain's view of a caller: the user and the application's tag limit. */
export function actorOf(caller: Caller): { userId: string; tags?: string[] } {
  return caller.limit?.tags.length
    ? { userId: caller.userId, tags: caller.limit.tags }
    : { userId: caller.userId };
}

/**
 * What the person allowed this application on the consent page, beyond its
 * scopes: only memories carrying one of `tags` (any when empty), and
 * read-only (its write scope is then dropped from {@link Caller.scopes}).
 */
export interface ApplicationLimit {
  tags: string[];
  readOnly: boolean;
}

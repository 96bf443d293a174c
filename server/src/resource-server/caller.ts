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
  /** The memory scopes the token carries. */
  scopes: string[];
}

import { randomBytes } from 'node:crypto';
import type { Config } from '../../server/src/config.js';
import type { Browser } from './browser.js';
import { exchangeCode, signUpThroughWebClient } from './oauth.js';

const WEB_REDIRECT = 'http://localhost:8000/auth/callback';

/** A signed-up user holding an access token for one of the server's resources. */
export interface ResourceUser {
  username: string;
  accessToken: string;
  refreshToken: string | undefined;
  browser: Browser;
  /** fetch() against the server with this user's bearer token. */
  call(
    path: string,
    init?: { method?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
}

/**
 * Signs a new user up through the pre-registered web client and returns an
 * access token for `resource` ('api' or 'mcp') with `scope`.
 */
export async function resourceUser(
  server: { url: string; config: Config },
  options: { prefix?: string; resource?: 'api' | 'mcp'; scope?: string } = {},
): Promise<ResourceUser> {
  const username = `${options.prefix ?? 'user'}-${randomBytes(3).toString('hex')}`;
  const { browser, code, verifier } = await signUpThroughWebClient(server, {
    redirectUri: WEB_REDIRECT,
    scope: options.scope ?? 'openid memories:read memories:write',
    resource: `${server.url}/${options.resource ?? 'api'}`,
    user: { username, email: `${username}@example.com`, password: 'make it so, number one' },
  });
  const tokens = await exchangeCode(server, code, verifier, WEB_REDIRECT);
  if (tokens.status !== 200)
    throw new Error(`token request failed: ${JSON.stringify(tokens.body)}`);
  const accessToken = String(tokens.body.access_token);
  return {
    username,
    accessToken,
    refreshToken: tokens.body.refresh_token as string | undefined,
    browser,
    call: (path, init = {}) =>
      fetch(`${server.url}${path}`, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${accessToken}`,
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      }),
  };
}

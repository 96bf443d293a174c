import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../server/src/config.js';
import { actionOf, Browser, csrfOf, type Page } from './browser.js';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeOptions {
  clientId: string;
  redirectUri: string;
  scope: string;
  pkce?: Pkce;
  resource?: string;
  extra?: Record<string, string>;
}

export function authorizeUrl(
  options: AuthorizeOptions,
  state = randomBytes(8).toString('hex'),
): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope,
    state,
    ...(options.scope.split(' ').includes('openid')
      ? { nonce: randomBytes(8).toString('hex') }
      : {}),
    ...(options.pkce
      ? { code_challenge: options.pkce.challenge, code_challenge_method: 'S256' }
      : {}),
    ...(options.resource ? { resource: options.resource } : {}),
    ...options.extra,
  });
  return `/auth?${params}`;
}

/**
 * The same authorization request POSTed as a form (OpenID Connect Core
 * §3.1.2.1), redirects not followed; resolves with its parameters too.
 */
export async function postAuthorization(
  baseUrl: string,
  options: AuthorizeOptions,
): Promise<{ response: Response; sent: URLSearchParams }> {
  const sent = new URL(authorizeUrl(options), baseUrl).searchParams;
  const response = await fetch(`${baseUrl}/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: sent.toString(),
    redirect: 'manual',
  });
  return { response, sent };
}

/** Submits the sign-in form on `page` and follows on. */
export function signIn(
  browser: Browser,
  page: Page,
  username: string,
  password: string,
): Promise<Page> {
  return browser.follow(actionOf(page.body, '/login'), {
    form: { _csrf: csrfOf(page.body), username, password },
  });
}

/** Submits the registration form reached from `page` (a sign-in page) and follows on. */
export async function register(
  browser: Browser,
  page: Page,
  fields: { username: string; email: string; password: string },
): Promise<Page> {
  const uid = /\/interaction\/([^/"]+)\/login/.exec(page.body)![1]!;
  const form = await browser.request(`/interaction/${uid}/register`);
  return browser.follow(actionOf(form.body, '/register'), {
    form: { _csrf: csrfOf(form.body), ...fields },
  });
}

/** Answers the consent page on `page` and follows on. */
export function consent(
  browser: Browser,
  page: Page,
  decision: 'allow' | 'deny' = 'allow',
): Promise<Page> {
  return browser.follow(actionOf(page.body, '/consent'), {
    form: { _csrf: csrfOf(page.body), decision },
  });
}

/** The authorization response parameters of a redirect to the client. */
export function callbackParams(page: Page): URLSearchParams {
  if (!page.location)
    throw new Error(
      `expected a redirect to the client, got ${page.status}:\n${page.body.slice(0, 500)}`,
    );
  return new URL(page.location).searchParams;
}

/** POSTs to the token endpoint (client_secret_basic when a secret is given). */
export async function tokenRequest(
  issuer: string,
  params: Record<string, string>,
  client: { id: string; secret?: string },
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const form = new URLSearchParams(params);
  if (client.secret) {
    headers.authorization = `Basic ${Buffer.from(
      `${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`,
    ).toString('base64')}`;
  } else {
    form.set('client_id', client.id);
  }
  const response = await fetch(`${issuer}/token`, { method: 'POST', headers, body: form });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Registers a client at `/reg` (RFC 7591); resolves with the answer's status and body. */
export async function registerClient(
  baseUrl: string,
  metadata: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, unknown> & { client_id: string } }> {
  const response = await fetch(`${baseUrl}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { client_id: string },
  };
}

/** The pre-registered web client's credentials on `server`. */
export function webClientOf(server: { config: Config }): { id: string; secret: string } {
  return {
    id: server.config.oauth.webClient.clientId,
    secret: server.config.oauth.webClient.clientSecret,
  };
}

/**
 * A new account created through the web client's authorization flow: sign
 * up, consent, and come back with a code. The browser stays signed in.
 */
export async function signUpThroughWebClient(
  server: { url: string; config: Config },
  options: {
    redirectUri: string;
    user: { username: string; email: string; password: string };
    scope?: string;
    resource?: string;
  },
): Promise<{ browser: Browser; code: string; verifier: Pkce }> {
  const browser = new Browser(server.url);
  const verifier = pkce();
  const login = await browser.follow(
    authorizeUrl({
      clientId: webClientOf(server).id,
      redirectUri: options.redirectUri,
      scope: options.scope ?? 'openid memories:read',
      pkce: verifier,
      resource: options.resource,
    }),
  );
  const done = await consent(browser, await register(browser, login, options.user));
  return { browser, verifier, code: callbackParams(done).get('code')! };
}

/** Exchanges an authorization code at the token endpoint as the web client. */
export function exchangeCode(
  server: { url: string; config: Config },
  code: string,
  verifier: Pkce,
  redirectUri: string,
) {
  return tokenRequest(
    server.url,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier.verifier,
    },
    webClientOf(server),
  );
}

/** The grant id (`gid`) an access token carries, read without verifying it. */
export function grantIdOf(accessToken: unknown): string {
  const payload = String(accessToken).split('.')[1]!;
  return JSON.parse(Buffer.from(payload, 'base64url').toString()).gid as string;
}

/** Revokes a token at the revocation endpoint (RFC 7009) as the web client. */
export function revokeToken(server: { url: string; config: Config }, token: unknown) {
  const { id, secret } = webClientOf(server);
  return fetch(`${server.url}/token/revocation`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ token: String(token) }),
  });
}

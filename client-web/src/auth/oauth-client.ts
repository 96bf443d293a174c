import fs from 'node:fs';
import * as oidc from 'openid-client';
import { ServerUnavailableError } from '../api/unreachable.js';
import type { ClientConfig } from '../config.js';

/** What the web client asks for: an identity, a refresh token and the memory scopes, for the REST API. */
export const SCOPES = 'openid profile email offline_access memories:read memories:write';

/** Kept in the session between the redirect to the authorization server and the callback. */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string | undefined;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  idToken: string | undefined;
}

export interface SignedInUser {
  sub: string;
  username: string;
  name: string | undefined;
  email: string | undefined;
}

/** The authorization server said no, or the response could not be trusted. */
export class LoginError extends Error {
  constructor(
    readonly reason: 'access_denied' | 'invalid_response' | 'server_error',
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

/**
 * Picard's server seen as an OpenID provider (openid-client): discovery from
 * its issuer, authorization code with PKCE S256, state and nonce, the ID
 * token validated, tokens for `resource=<server>/api` (RFC 8707).
 */
export interface OAuthClient {
  /**
   * Where to send the browser to sign in. `reauthenticate` asks the server
   * for the password even when its own session is still alive (OIDC
   * `prompt=login`).
   */
  startLogin(options?: {
    signup?: boolean;
    reauthenticate?: boolean;
  }): Promise<{ url: string; pending: PendingLogin }>;
  finishLogin(
    callbackUrl: URL,
    pending: PendingLogin,
  ): Promise<{ tokens: SessionTokens; user: SignedInUser }>;
  /** New tokens, or undefined when the authorization server refuses (grant revoked or expired). */
  refresh(refreshToken: string): Promise<SessionTokens | undefined>;
  /** Revokes the refresh token (RFC 7009), which ends the grant on the server. */
  revoke(refreshToken: string): Promise<void>;
  /** Where to send the browser to end the server session (RP-initiated logout). */
  endSessionUrl(idToken: string | undefined): Promise<string>;
}

export function createOAuthClient(config: ClientConfig): OAuthClient {
  const resource = `${config.serverUrl}/api`;
  let discovered: Promise<oidc.Configuration> | undefined;

  const clientSecret = () => {
    if (config.oauth.clientSecret) return config.oauth.clientSecret;
    // Development: the server generated the pre-registered client's secret.
    try {
      const stored = JSON.parse(fs.readFileSync(config.oauth.secretsFile, 'utf8')) as {
        oauthClientSecret?: string;
      };
      if (stored.oauthClientSecret) return stored.oauthClientSecret;
    } catch {
      // Reported below.
    }
    throw new Error(
      `OAUTH_CLIENT_SECRET is not set and ${config.oauth.secretsFile} has none; start the server first`,
    );
  };

  // Back-channel requests (discovery, token, userinfo, revocation) go to the
  // server's internal address; the issuer and the browser's URLs stay public.
  const publicOrigin = new URL(config.serverUrl).origin;
  const internalOrigin = new URL(config.serverInternalUrl).origin;
  const backChannel: oidc.CustomFetch = async (url, options) => {
    const response = await fetch(
      url.startsWith(publicOrigin) ? internalOrigin + url.slice(publicOrigin.length) : url,
      options as RequestInit,
    );
    if (internalOrigin === publicOrigin || !url.includes('/.well-known/')) return response;
    // oidc-provider names its endpoints after the host it was asked on; the
    // browser must be sent to the public one.
    const text = (await response.text()).replaceAll(internalOrigin, publicOrigin);
    return new Response(text, {
      status: response.status,
      headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' },
    });
  };

  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(config.serverUrl),
        config.oauth.clientId,
        undefined,
        oidc.ClientSecretBasic(clientSecret()),
        {
          [oidc.customFetch]: backChannel,
          // Plain http only for a server on this machine or a private network.
          ...(config.serverInternalUrl.startsWith('http:') || config.serverUrl.startsWith('http:')
            ? { execute: [oidc.allowInsecureRequests] }
            : {}),
        },
      )
      .catch((error: unknown) => {
        discovered = undefined; // try again on the next request
        throw error;
      });
    return discovered;
  };

  const toTokens = (response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers) => ({
    accessToken: response.access_token,
    refreshToken: response.refresh_token,
    expiresAt: Date.now() + (response.expiresIn() ?? 60) * 1000,
    idToken: response.id_token,
  });

  return {
    async startLogin(options = {}) {
      const pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.oauth.redirectUri,
        scope: SCOPES,
        resource,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
        // Picard's own extension: open the registration form rather than sign-in.
        ...(options.signup ? { screen_hint: 'signup' } : {}),
        // OpenID Connect Core 1.0 §3.1.2.1: prompt=login re-authenticates.
        ...(options.reauthenticate && !options.signup ? { prompt: 'login' } : {}),
      });
      return { url: url.href, pending };
    },

    async finishLogin(callbackUrl, pending) {
      const error = callbackUrl.searchParams.get('error');
      if (error) {
        throw new LoginError(
          error === 'access_denied' ? 'access_denied' : 'server_error',
          callbackUrl.searchParams.get('error_description') ?? error,
        );
      }
      let response;
      try {
        response = await oidc.authorizationCodeGrant(
          await configuration(),
          callbackUrl,
          {
            pkceCodeVerifier: pending.codeVerifier,
            expectedState: pending.state,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
          { resource },
        );
      } catch (cause) {
        throw new LoginError('invalid_response', (cause as Error).message);
      }
      const claims = response.claims()!;
      return {
        tokens: toTokens(response),
        user: {
          sub: claims.sub,
          username: String(claims.preferred_username ?? claims.sub),
          name: typeof claims.name === 'string' ? claims.name : undefined,
          email: typeof claims.email === 'string' ? claims.email : undefined,
        },
      };
    },

    async refresh(refreshToken) {
      try {
        const response = await oidc.refreshTokenGrant(await configuration(), refreshToken, {
          resource,
        });
        return toTokens(response);
      } catch (error) {
        // A server error, with an OAuth error body or none: the server cannot
        // serve now, which says nothing about the grant.
        const status =
          error instanceof oidc.ResponseBodyError
            ? error.status
            : error instanceof oidc.ClientError && error.cause instanceof Response
              ? error.cause.status
              : undefined;
        if (status !== undefined && status >= 500) throw new ServerUnavailableError(status);
        // An OAuth error answer (RFC 6749 §5.2, e.g. invalid_grant): the grant is gone.
        if (error instanceof oidc.ResponseBodyError) return undefined;
        throw error;
      }
    },

    async revoke(refreshToken) {
      await oidc.tokenRevocation(await configuration(), refreshToken, {
        token_type_hint: 'refresh_token',
      });
    },

    async endSessionUrl(idToken) {
      return oidc.buildEndSessionUrl(await configuration(), {
        post_logout_redirect_uri: `${config.publicUrl}/`,
        ...(idToken ? { id_token_hint: idToken } : {}),
      }).href;
    },
  };
}

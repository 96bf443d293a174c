import type { Request } from 'express';
import type { OAuthClient, SessionTokens } from './oauth-client.js';

/** The session's sign-in is over (refresh refused, grant revoked): sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended. Please sign in again.');
    this.name = 'SessionEndedError';
  }
}

/** How long a rotated refresh token still maps to its successor. */
const ROTATION_MEMORY_MS = 120_000;

/**
 * Hands out a fresh access token for a session, refreshing it shortly before
 * it expires, once. The server rotates refresh tokens and treats the reuse of
 * a rotated one as theft (OAuth 2.1 §4.3.1), ending the grant, so:
 * - concurrent requests of one session share one refresh in flight;
 * - a request that loaded the session before a refresh was saved still holds
 *   the old refresh token; it gets the result of that refresh instead of
 *   spending the old token again.
 * Both live in this process: several client instances need sticky sessions.
 */
export function createTokenKeeper(oauth: OAuthClient, marginSeconds: number) {
  const inFlight = new Map<string, Promise<SessionTokens | undefined>>();
  const rotated = new Map<string, { tokens: SessionTokens; at: number }>();

  const forgetOldRotations = () => {
    for (const [token, entry] of rotated) {
      if (Date.now() - entry.at < ROTATION_MEMORY_MS) break; // insertion order is age order
      rotated.delete(token);
    }
  };

  const refreshOnce = (refreshToken: string): Promise<SessionTokens | undefined> => {
    forgetOldRotations();
    const known = rotated.get(refreshToken);
    if (known) return Promise.resolve(known.tokens);
    let refreshing = inFlight.get(refreshToken);
    if (!refreshing) {
      refreshing = oauth
        .refresh(refreshToken)
        .then((fresh) => {
          if (fresh) rotated.set(refreshToken, { tokens: fresh, at: Date.now() });
          return fresh;
        })
        .finally(() => inFlight.delete(refreshToken));
      inFlight.set(refreshToken, refreshing);
    }
    return refreshing;
  };

  const save = (req: Request) =>
    new Promise<void>((resolve, reject) =>
      req.session.save((error) => (error ? reject(error) : resolve())),
    );

  return {
    async accessToken(req: Request): Promise<string> {
      const tokens = req.session.tokens;
      if (!tokens) throw new SessionEndedError();
      if (tokens.expiresAt - marginSeconds * 1000 > Date.now()) return tokens.accessToken;
      if (!tokens.refreshToken) throw new SessionEndedError();
      const fresh = await refreshOnce(tokens.refreshToken);
      if (!fresh) throw new SessionEndedError();
      req.session.tokens = { ...fresh, idToken: fresh.idToken ?? tokens.idToken };
      await save(req);
      return fresh.accessToken;
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;

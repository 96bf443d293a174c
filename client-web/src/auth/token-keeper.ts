import type { Request } from 'express';
import type { OAuthClient, SessionTokens } from './oauth-client.js';

/** The session's sign-in is over (refresh refused, grant revoked): sign in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('Your session has ended. Please sign in again.');
    this.name = 'SessionEndedError';
  }
}

/**
 * Hands out a fresh access token for a session, refreshing it shortly before
 * it expires. Concurrent requests of one session share one refresh: the
 * server rotates refresh tokens and treats reuse as theft, so two refreshes
 * with the same token would end the grant. (Several client instances need
 * sticky sessions for the same reason.)
 */
export function createTokenKeeper(oauth: OAuthClient, marginSeconds: number) {
  const inFlight = new Map<string, Promise<SessionTokens>>();

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
      const key = req.sessionID;
      let refreshing = inFlight.get(key);
      if (!refreshing) {
        refreshing = oauth
          .refresh(tokens.refreshToken)
          .catch(() => {
            throw new SessionEndedError();
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, refreshing);
      }
      const fresh = await refreshing;
      req.session.tokens = { ...fresh, idToken: fresh.idToken ?? tokens.idToken };
      await save(req);
      return fresh.accessToken;
    },
  };
}

export type TokenKeeper = ReturnType<typeof createTokenKeeper>;

import type { RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import { errorPage } from '../pages/views/interaction-pages.js';

/**
 * oidc-provider silently drops scopes it does not know. RFC 6749 §4.1.2.1
 * has an authorization server refuse them with `invalid_scope`, sent back to
 * the client's (registered) redirect URI, which is what this step does for
 * authorization requests before oidc-provider sees them: in the query of a
 * GET, or in the form body of a POST (OpenID Connect Core §3.1.2.1 allows
 * both; the parameter guard has already parsed the form). Requests with an
 * unknown client or redirect URI go on untouched: oidc-provider shows its
 * error page for those, as it must never redirect to an unverified URI.
 */
export function unsupportedScopeGuard(
  provider: Provider,
  supported: readonly string[],
  /** Clients whose redirect URIs are trusted (RFC 9700 §4.11.2); others see an error page. */
  trusted: ReadonlySet<string>,
): RequestHandler {
  const known = new Set(supported);
  return async (req, res, next) => {
    const parameters: Record<string, unknown> =
      (req.method === 'POST' ? (req.body as Record<string, unknown> | undefined) : req.query) ?? {};
    const { client_id: clientId, redirect_uri: redirectUri, scope, state } = parameters;
    if (
      typeof scope !== 'string' ||
      typeof clientId !== 'string' ||
      typeof redirectUri !== 'string'
    ) {
      return next();
    }
    const unknown = scope.split(' ').filter((name) => name && !known.has(name));
    if (unknown.length === 0) return next();
    const named = nameScopes(unknown);
    const client = await provider.Client.find(clientId).catch(() => undefined);
    if (!client?.redirectUriAllowed(redirectUri)) return next();
    if (!trusted.has(clientId)) {
      res
        .status(400)
        .type('html')
        .send(
          errorPage(
            'This sign-in request cannot continue',
            `The application asked for permissions Picard does not have (${named}). ` +
              'You have not been signed in and nothing was shared.',
          ),
        );
      return;
    }

    const target = new URL(redirectUri);
    target.searchParams.set('error', 'invalid_scope');
    target.searchParams.set('error_description', `unsupported scope: ${named}`);
    if (typeof state === 'string') target.searchParams.set('state', state);
    // RFC 9207: say who is answering, as every other authorization response does.
    target.searchParams.set('iss', provider.issuer);
    res.redirect(303, target.href);
  };
}

/**
 * The unknown scopes as the answer names them: a few, each cut short. A
 * POSTed form can carry a scope of any length, which echoed whole made a
 * redirect whose Location header no HTTP client would read.
 */
function nameScopes(unknown: string[]): string {
  const shown = unknown
    .slice(0, 5)
    .map((name) => (name.length > 64 ? `${name.slice(0, 64)}…` : name));
  return unknown.length > shown.length ? `${shown.join(' ')} …` : shown.join(' ');
}

import express, { type RequestHandler } from 'express';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { errorPage } from '../pages/views/interaction-pages.js';

/**
 * RFC 9700 §4.11.2: an authorization server should not redirect a browser to
 * a redirect URI it does not trust before the person has authenticated, or it
 * becomes an open redirector. Anyone can register a client (RFC 7591) or name
 * a client ID metadata document, so only clients configured by the operator
 * (the web client) are trusted; for the others, an error of a fresh
 * authorization request is shown as a page instead of being redirected. Once
 * the person has signed in or answered the consent page (oidc-provider's
 * `resume` route), errors go back to the client as usual.
 */
export function holdUntrustedErrorRedirects(provider: Provider, trusted: ReadonlySet<string>) {
  const failed = new WeakSet<object>();
  const flag = (ctx: KoaContextWithOIDC) => failed.add(ctx);
  provider.on('authorization.error', flag);
  provider.on('server_error', flag);
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc;
    if (!oidc || oidc.route !== 'authorization' || !failed.has(ctx)) return;
    if (ctx.state.renderedError) return; // already an error page
    const clientId = oidc.client?.clientId;
    if (clientId && trusted.has(clientId)) return;
    ctx.remove('Location');
    ctx.status = 400;
    ctx.type = 'html';
    ctx.body = errorPage(
      'This sign-in request cannot continue',
      'The application sent an authorization request that Picard cannot accept. ' +
        'You have not been signed in and nothing was shared. Go back to the application and try again.',
    );
  });
}

/**
 * RP-initiated logout: oidc-provider signs a browser without a session out at
 * once and redirects it to the `post_logout_redirect_uri`, which makes any
 * self-registered client's URI a redirect target for a link anyone can send.
 * For clients that are not trusted, the URI is only kept when the browser has
 * a signed-in session, which then sees the confirmation page first; otherwise
 * it is dropped and Picard's own "signed out" page is shown.
 */
export function endSessionGuard(provider: Provider, trusted: ReadonlySet<string>): RequestHandler {
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const parse: RequestHandler = (req, res, next) =>
    req.method === 'POST' ? form(req, res, next) : next();
  return (req, res, next) =>
    parse(req, res, async (error?: unknown) => {
      if (error) {
        res
          .status(400)
          .type('html')
          .send(errorPage('Sign-out request not valid', 'The sign-out request could not be read.'));
        return;
      }
      const params = (req.method === 'POST' ? req.body : req.query) as Record<string, unknown>;
      if (!params || params.post_logout_redirect_uri === undefined) return next();
      const clientId =
        typeof params.client_id === 'string' ? params.client_id : hintedClient(params);
      if (clientId && trusted.has(clientId)) return next();
      if (await signedIn(provider, req.headers.cookie)) return next();
      delete params.post_logout_redirect_uri;
      delete params.state;
      if (req.method !== 'POST') {
        const url = new URL(req.originalUrl, 'http://localhost');
        url.searchParams.delete('post_logout_redirect_uri');
        url.searchParams.delete('state');
        req.url = url.pathname + url.search;
      }
      next();
    });
}

/** The audience of an `id_token_hint`, read without verifying (oidc-provider verifies it). */
function hintedClient(params: Record<string, unknown>): string | undefined {
  if (typeof params.id_token_hint !== 'string') return undefined;
  try {
    const payload = JSON.parse(
      Buffer.from(params.id_token_hint.split('.')[1] ?? '', 'base64url').toString(),
    ) as { aud?: unknown };
    return typeof payload.aud === 'string' ? payload.aud : undefined;
  } catch {
    return undefined;
  }
}

async function signedIn(provider: Provider, cookieHeader: string | undefined): Promise<boolean> {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== '_session') continue;
    const session = await provider.Session.find(rest.join('=')).catch(() => undefined);
    if (session?.accountId) return true;
  }
  return false;
}

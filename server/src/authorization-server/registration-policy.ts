import type { RequestHandler } from 'express';

/**
 * CLIENT_REGISTRATION=closed: dynamic client registration (RFC 7591) is
 * refused before it reaches oidc-provider. Client ID metadata documents are
 * not registrations and keep working, and administrators still pre-register
 * clients. RFC 7591 defines no error for a closed endpoint; `access_denied`
 * with 403 is the OAuth error closest to "not allowed here".
 */
export function registrationPolicy(policy: 'open' | 'closed'): RequestHandler {
  return (_req, res, next) => {
    if (policy === 'open') return next();
    res.status(403).set('Cache-Control', 'no-store').json({
      error: 'access_denied',
      error_description:
        'dynamic client registration is closed on this server; use a client ID metadata document or ask the administrator to register the client',
    });
  };
}

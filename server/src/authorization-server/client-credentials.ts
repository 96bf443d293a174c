import type { Request } from 'express';

/**
 * The client id and secret of HTTP Basic credentials, each form-encoded
 * (RFC 6749 §2.3.1) and decoded here; undefined without Basic credentials or
 * when they are not form-encoded (oidc-provider refuses those as
 * `invalid_client`).
 */
export function basicCredentials(req: Request): [id: string, secret: string] | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  // Without a colon it is all id (oidc-provider then refuses it).
  const colon = decoded.includes(':') ? decoded.indexOf(':') : decoded.length;
  try {
    return [
      decodeURIComponent(decoded.slice(0, colon)),
      decodeURIComponent(decoded.slice(colon + 1)),
    ];
  } catch {
    return undefined;
  }
}

/**
 * The client id a token request names: from Basic credentials or the
 * `client_id` form field. Named, not authenticated: oidc-provider decides that.
 */
export function clientIdOf(req: Request): string | undefined {
  if (/^Basic /i.test(req.headers.authorization ?? ''))
    return basicCredentials(req)?.[0] || undefined;
  const body = (req.body ?? {}) as Record<string, unknown>;
  return typeof body.client_id === 'string' ? body.client_id : undefined;
}

import type { Request } from 'express';

/**
 * The client id a token request names: the user part of HTTP Basic
 * credentials (form-encoded, RFC 6749 §2.3.1) or the `client_id` form
 * field. Named, not authenticated: oidc-provider decides that.
 */
export function clientIdOf(req: Request): string | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  if (match) {
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const user = decoded.slice(0, Math.max(0, decoded.indexOf(':')));
    try {
      return decodeURIComponent(user) || undefined;
    } catch {
      return undefined;
    }
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  return typeof body.client_id === 'string' ? body.client_id : undefined;
}

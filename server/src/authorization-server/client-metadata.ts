import { isLoopbackHost } from '@picard/kit/loopback.js';
import { errors } from 'oidc-provider';

/**
 * RFC 7591 metadata oidc-provider does not know by itself. Declaring them is
 * also what makes it run our validator (it runs only when extra properties
 * exist), which normalises native clients below.
 */
export const EXTRA_CLIENT_METADATA = ['software_id', 'software_version'];

/**
 * Registration policy (RFC 8252 §7 and the MCP authorization spec): clients
 * whose redirect URIs are all loopback http or a private-use scheme are
 * native apps (so loopback ports may vary at authorization time); all other
 * redirect URIs must be https, except http://localhost in development.
 * Runs before oidc-provider's own schema validation, for registrations and
 * client ID metadata documents.
 */
export function normalizeNativeClient({ allowHttpLocalhost }: { allowHttpLocalhost: boolean }) {
  return (ctx: unknown, key: string, _value: unknown, metadata: Record<string, unknown>) => {
    // Called once per extra property: do the work once. Clients from our own
    // configuration (no request context) are taken as written.
    if (key !== EXTRA_CLIENT_METADATA[0] || !ctx) return;
    const uris = Array.isArray(metadata.redirect_uris) ? (metadata.redirect_uris as unknown[]) : [];
    const parsed = uris.map((uri) => (typeof uri === 'string' ? URL.parse(uri) : null));
    if (parsed.some((url) => url === null)) return; // oidc-provider reports malformed URIs itself
    const urls = parsed as URL[];
    const isNative = (url: URL) =>
      (url.protocol === 'http:' && isLoopbackHost(url.hostname)) ||
      !['http:', 'https:'].includes(url.protocol);

    if (urls.length > 0 && urls.every(isNative)) {
      metadata.application_type = 'native';
      return;
    }
    for (const url of urls) {
      const localhost = isLoopbackHost(url.hostname);
      if (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && localhost && allowHttpLocalhost)
      ) {
        continue;
      }
      throw new errors.InvalidRedirectUri(
        'redirect_uris must use https (or http on a loopback address for native apps)',
      );
    }
  };
}

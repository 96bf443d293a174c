import { isLoopbackHost } from '@picard/kit/loopback.js';
import { errors } from 'oidc-provider';

/** More redirect URIs than any real client registers, and longer than any needs. */
export const MAX_REDIRECT_URIS = 20;
export const MAX_REDIRECT_URI_LENGTH = 2_000;

/**
 * RFC 8252 §7.1: a private-use URI scheme should be a reverse domain name the
 * app controls (`com.example.app:/callback`). Some real clients put the
 * domain-like part after the scheme instead (Cursor registers
 * `cursor://anysphere.cursor-mcp/oauth/callback`), so a dot in the scheme or
 * in the authority is accepted; `myapp://cb` is claimable by any app and is
 * not. Schemes that are no app redirect at all are refused outright.
 */
const NOT_APP_SCHEMES = new Set([
  'ws:',
  'wss:',
  'javascript:',
  'data:',
  'file:',
  'vbscript:',
  'blob:',
  'about:',
  'ftp:',
  'mailto:',
  'tel:',
]);
const privateUse = (url: URL) =>
  !NOT_APP_SCHEMES.has(url.protocol) &&
  (url.protocol.slice(0, -1).includes('.') || url.hostname.includes('.'));

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
    if (uris.length > MAX_REDIRECT_URIS) {
      throw new errors.InvalidRedirectUri(
        `at most ${MAX_REDIRECT_URIS} redirect_uris may be registered`,
      );
    }
    if ((uris as string[]).some((uri) => uri.length > MAX_REDIRECT_URI_LENGTH)) {
      throw new errors.InvalidRedirectUri(
        `redirect_uris must be at most ${MAX_REDIRECT_URI_LENGTH} characters`,
      );
    }
    if (new Set(uris).size !== uris.length) {
      throw new errors.InvalidRedirectUri('redirect_uris must not repeat a URI');
    }
    for (const url of urls) {
      const web = url.protocol === 'https:' || url.protocol === 'http:';
      if (!web && !privateUse(url)) {
        throw new errors.InvalidRedirectUri(
          'redirect_uris must be https, http on a loopback address, or a private-use ' +
            'scheme named after a domain the app controls, such as com.example.app:/callback ' +
            '(RFC 8252 §7.1)',
        );
      }
    }
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

import { isLoopbackHost } from '@picard/kit/loopback.js';

/**
 * Where an authorization response will take the person, in words the
 * consent page can show: the host of an https redirect, "an application on
 * this computer" for loopback redirects (RFC 8252 §7.3), and the app link's
 * scheme and name for private-use schemes (§7.1), which any app on the
 * device may have claimed.
 */
export function describeRedirect(redirectUri: string): string {
  const url = URL.parse(redirectUri);
  if (!url) return redirectUri;
  if (url.protocol === 'https:') return url.host;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    return `an application on this computer (${url.host})`;
  }
  const name = url.host || url.pathname.split('/').find(Boolean) || '';
  return `the app that opens ${url.protocol} links${name ? ` (${name})` : ''}`;
}

/**
 * The host that vouches for a client's identity when its `client_id` is the
 * URL of a client ID metadata document; undefined for registered clients.
 */
export function metadataDocumentHost(clientId: string): string | undefined {
  const url = URL.parse(clientId);
  return url?.protocol === 'https:' ? url.host : undefined;
}

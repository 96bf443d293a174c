import { isLoopbackHost } from '@picard/kit/loopback.js';
import { errors } from 'oidc-provider';
import { imitatesReservedName, MAX_CLIENT_NAME_LENGTH } from './client-names.js';

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

/** What a redirect URI is, each judged on its own (RFC 8252 §7, RFC 9700 §2.1). */
export type RedirectKind = 'https' | 'loopback' | 'private-use';

/** The kind of a redirect URI, or undefined when it may not be registered. */
export function redirectKind(url: URL): RedirectKind | undefined {
  if (url.protocol === 'https:') return 'https';
  // RFC 8252 §7.3: loopback http for native apps (§8.3 prefers the IP literal; localhost is common).
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname) ? 'loopback' : undefined;
  return privateUse(url) ? 'private-use' : undefined;
}

/**
 * RFC 7591 metadata oidc-provider does not know by itself. Declaring them is
 * also what makes it run our validator (it runs only when extra properties
 * exist), which applies the registration policy below.
 */
export const EXTRA_CLIENT_METADATA = ['software_id', 'software_version'];

/** What the registration policy needs to know about the deployment. */
export interface RegistrationPolicyOptions {
  /** Names only the operator's own clients may carry (the web client's name and id). */
  reservedNames: readonly string[];
}

/**
 * Registration policy, for dynamic registrations and client ID metadata
 * documents alike (it runs before oidc-provider's own schema validation):
 *
 * - Each redirect URI is judged by its own kind: https, loopback http (any
 *   port at authorization time, RFC 8252 §7.3) or a private-use scheme named
 *   after a domain (§7.1). Mixed lists are fine (Cursor registers all three
 *   kinds at once, VS Code https and loopback). A client with any loopback or
 *   private-use URI is a native app: oidc-provider then lets the loopback port
 *   vary, and asks for consent on every authorization (RFC 8252 §8.6).
 * - A client may ask for any scope the server offers: the `scope` it
 *   registers (RFC 7591 §2 makes it optional) is not kept as a limit, because
 *   real clients register fewer scopes than they later ask for (Codex) or
 *   scopes of their own, and the person's consent is the gate anyway.
 * - `client_name` may not imitate the operator's own clients, and is short
 *   enough to read on the consent page.
 *
 * Metadata oidc-provider does not recognise is dropped after this step
 * (RFC 7591 §2: the server MUST ignore what it does not understand).
 */
export function registrationPolicy({ reservedNames }: RegistrationPolicyOptions) {
  return (ctx: unknown, key: string, _value: unknown, metadata: Record<string, unknown>) => {
    // Called once per extra property: do the work once. Clients from our own
    // configuration (no request context) are taken as written.
    if (key !== EXTRA_CLIENT_METADATA[0] || !ctx) return;
    checkClientName(metadata.client_name, reservedNames);
    // A scope of the wrong type is malformed metadata, which oidc-provider refuses.
    if (typeof metadata.scope === 'string') delete metadata.scope;
    const uris = Array.isArray(metadata.redirect_uris) ? (metadata.redirect_uris as unknown[]) : [];
    const parsed = uris.map((uri) => (typeof uri === 'string' ? URL.parse(uri) : null));
    if (parsed.some((url) => url === null)) return; // oidc-provider reports malformed URIs itself
    checkRedirectUriList(uris as string[]);
    const kinds = (parsed as URL[]).map((url) => {
      const kind = redirectKind(url);
      if (kind) return kind;
      throw redirectError(
        `redirect_uris may not hold ${url.href.slice(0, 100)}: each must be https, ` +
          'http on a loopback address (127.0.0.1, [::1] or localhost), or a private-use ' +
          'scheme named after a domain the app controls, such as com.example.app:/callback ' +
          '(RFC 8252 §7)',
      );
    });
    if (kinds.some((kind) => kind !== 'https')) metadata.application_type = 'native';
  };
}

/**
 * RFC 7591 §3.2.2 `invalid_redirect_uri` with a description saying what is
 * wrong (oidc-provider's own InvalidRedirectUri has a fixed description about
 * authorization requests; a description starting with "redirect_uris" gets
 * the registration error code).
 */
const redirectError = (description: string) => new errors.InvalidClientMetadata(description);

function checkRedirectUriList(uris: string[]): void {
  if (uris.length > MAX_REDIRECT_URIS) {
    throw redirectError(`redirect_uris may hold at most ${MAX_REDIRECT_URIS} URIs`);
  }
  if (uris.some((uri) => uri.length > MAX_REDIRECT_URI_LENGTH)) {
    throw redirectError(`redirect_uris must be at most ${MAX_REDIRECT_URI_LENGTH} characters each`);
  }
  if (new Set(uris).size !== uris.length) {
    throw redirectError('redirect_uris must not repeat a URI');
  }
}

function checkClientName(name: unknown, reservedNames: readonly string[]): void {
  if (typeof name !== 'string') return; // oidc-provider refuses non-strings itself
  if ([...name].length > MAX_CLIENT_NAME_LENGTH) {
    throw new errors.InvalidClientMetadata(
      `client_name must be at most ${MAX_CLIENT_NAME_LENGTH} characters`,
    );
  }
  if (imitatesReservedName(name, reservedNames)) {
    throw new errors.InvalidClientMetadata(
      'client_name must not look like the name of this server or of its own clients',
    );
  }
}

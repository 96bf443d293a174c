import { ADMIN_SCOPE, MEMORY_SCOPES } from '../operations/operation.js';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import {
  isDatabaseUnavailable,
  OUTAGE_MESSAGE,
  OUTAGE_RETRY_AFTER_SECONDS,
} from '../errors/error-mapping.js';
import type { Logger } from '../logger.js';
import type { AccountService } from '../accounts/accounts.js';
import { EXTRA_CLIENT_METADATA, registrationPolicy } from './client-metadata.js';
import { createOidcAdapterFactory, findGrants } from './oidc-adapter.js';
import type { RememberedConsents } from './remembered-consents.js';
import { logoutSource, postLogoutSuccessSource } from '../pages/views/logout-pages.js';
import { renderProviderError } from '../pages/views/provider-error.js';
import { tokenRefusals, tokensIssued } from '../observability/metrics.js';

export { ADMIN_SCOPE, MEMORY_SCOPES };

export const SUPPORTED_SCOPES = [
  'openid',
  'profile',
  'email',
  'offline_access',
  ...Object.keys(MEMORY_SCOPES),
  ADMIN_SCOPE,
];

/** The pre-registered web client's name, shown on the sign-in and consent pages. */
export const WEB_CLIENT_NAME = 'Picard web';

/** The resource servers this authorization server issues tokens for (RFC 8707). */
export function resourceIndicators(publicUrl: string) {
  return { mcp: `${publicUrl}/mcp`, api: `${publicUrl}/api` };
}

export interface ProviderDeps {
  config: Config;
  db: Database;
  accounts: AccountService;
  logger: Logger;
  consents: RememberedConsents;
  onGrantRevoked?: (grantId: string) => void;
}

/**
 * oidc-provider configured as Picard's OAuth 2.1 authorization server:
 * authorization code with PKCE (S256) for every client, rotating refresh
 * tokens, JWT access tokens (RFC 9068) for the /mcp and /api resources,
 * dynamic registration and client ID metadata documents.
 */
export function createProvider({
  config,
  db,
  accounts,
  consents,
  logger,
  onGrantRevoked,
}: ProviderDeps): Provider {
  const resources = resourceIndicators(config.publicUrl);
  const knownResources = new Set(Object.values(resources));
  const { oauth } = config;

  const configuration: Configuration = {
    adapter: createOidcAdapterFactory({
      db,
      revocationMemorySeconds: oauth.accessTokenTtlSeconds,
      onGrantRevoked,
    }),
    clients: [
      {
        client_id: oauth.webClient.clientId,
        client_secret: oauth.webClient.clientSecret,
        client_name: WEB_CLIENT_NAME,
        redirect_uris: oauth.webClient.redirectUris,
        post_logout_redirect_uris: oauth.webClient.redirectUris.map(
          (uri) => new URL('/', uri).href,
        ),
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: config.secrets.jwks as never },
    cookies: {
      keys: config.secrets.cookieKeys,
      long: { httpOnly: true, sameSite: 'lax', secure: config.secureTransport },
      short: { httpOnly: true, sameSite: 'lax', secure: config.secureTransport },
    },
    async findAccount(_ctx, id) {
      const account = await accounts.find(id);
      // A suspended account has no sessions, no refreshes, no new codes.
      if (!account || account.suspendedAt) return undefined;
      return {
        accountId: account.id,
        async claims() {
          return {
            sub: account.id,
            preferred_username: account.username,
            name: account.name ?? account.username,
            email: account.email,
            email_verified: false,
          };
        },
      };
    },
    claims: {
      openid: ['sub'],
      profile: ['preferred_username', 'name'],
      email: ['email', 'email_verified'],
    },
    scopes: SUPPORTED_SCOPES,
    responseTypes: ['code'],
    // OAuth 2.1: PKCE for every client; oidc-provider 9 accepts only S256.
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      // Access tokens are only checked by our own resource server, which does not verify proofs.
      dPoP: { enabled: false },
      // Off when the operator closed registration, so discovery does not
      // advertise a registration_endpoint that refuses everyone (RFC 8414 §2:
      // the endpoint is listed only where registration is offered); POST /reg
      // still gets the policy's explanation (registration-policy.ts).
      registration: {
        enabled: config.admin.clientRegistration === 'open',
        initialAccessToken: false,
        // Secrets are only for clients that asked for secret-based authentication.
        secretFactory: undefined,
      },
      revocation: { enabled: true },
      introspection: {
        enabled: true,
        // A client learns about its own tokens only. The default lets any
        // confidential client introspect every token, including other
        // clients' (RFC 7662 §2.1 leaves the policy to the server; §4 warns of
        // token scanning). Our resource server verifies JWTs itself.
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      // Userinfo only accepts opaque access tokens for the userinfo audience;
      // every token issued here is a JWT for /mcp or /api, so it could never
      // answer. Off, and so not advertised; the ID token carries the claims.
      userinfo: { enabled: false },
      // Not routed to the provider (see PROVIDER_PATHS): not advertised either.
      pushedAuthorizationRequests: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
      clientIdMetadataDocument: { enabled: true, ack: 'draft-02' } as never,
      resourceIndicators: {
        enabled: true,
        // Clients that omit `resource` get the MCP audience (the MCP authorization spec).
        defaultResource: () => resources.mcp,
        useGrantedResource: () => true,
        async getResourceServerInfo(_ctx, indicator) {
          const resource = indicator.replace(/\/+$/, '');
          if (!knownResources.has(resource)) throw new errors.InvalidTarget();
          const scopes = Object.keys(MEMORY_SCOPES);
          if (resource === resources.api) scopes.push(ADMIN_SCOPE);
          return {
            scope: scopes.join(' '),
            audience: resource,
            accessTokenFormat: 'jwt',
            accessTokenTTL: oauth.accessTokenTtlSeconds,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // A client allowed the refresh grant gets a refresh token, offline_access or not.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    formats: {
      customizers: {
        // The resource server checks this against revoked grants (RFC 9068 allows extra claims).
        jwt(_ctx, token, jwt) {
          if ('grantId' in token && token.grantId) jwt.payload.gid = token.grantId;
        },
      },
    },
    ttl: {
      AccessToken: oauth.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 86_400,
      Grant: oauth.refreshTokenTtlSeconds,
      RefreshToken: oauth.refreshTokenTtlSeconds,
    },
    // A live grant for this account and client is reused across sessions; when
    // sign-out has revoked it, the remembered consent restores one (see
    // remembered-consents.ts), so only a disconnect brings the consent page back.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { Grant } = ctx.oidc.provider;
      const accountId = ctx.oidc.session?.accountId;
      const clientId = ctx.oidc.client!.clientId;
      const candidates = [
        ctx.oidc.result?.consent?.grantId,
        ctx.oidc.session?.grantIdFor(clientId),
        await findRememberedGrantId(db, accountId, clientId),
      ];
      for (const grantId of candidates) {
        // A session can still name a grant that sign-out or a disconnect revoked.
        const grant = grantId ? await Grant.find(grantId) : undefined;
        if (grant) return grant;
      }
      return accountId ? consents.restoreGrant(ctx.oidc.provider, accountId, clientId) : undefined;
    },
    extraClientMetadata: {
      properties: EXTRA_CLIENT_METADATA,
      validator: registrationPolicy({
        reservedNames: ['Picard', WEB_CLIENT_NAME, oauth.webClient.clientId],
      }),
    },
    clientBasedCORS: () => true,
    renderError: renderProviderError,
    // Lets the web client open the registration form directly ("Create account").
    extraParams: ['screen_hint'],
    enabledJWA: {
      idTokenSigningAlgValues: ['RS256'],
    },
  };

  const provider = new Provider(config.publicUrl, configuration);
  provider.proxy = config.trustProxy !== false;
  // Token endpoint outcomes for /metrics: grant type, or the RFC 6749 §5.2 error code.
  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    tokensIssued.inc({ grant_type: grantTypeOf(ctx) });
  });
  provider.on('grant.error', (_ctx: KoaContextWithOIDC, error: { error?: unknown }) => {
    const reason = typeof error.error === 'string' ? error.error : 'server_error';
    tokenRefusals.inc({ where: 'token', reason });
  });
  const databaseDown = new WeakSet<object>();
  provider.on('server_error', (ctx: KoaContextWithOIDC, error: unknown) => {
    if (isDatabaseUnavailable(error)) {
      databaseDown.add(ctx);
      logger.warn({ err: error }, 'authorization server: database unreachable');
      return;
    }
    logger.error({ err: error }, 'authorization server error');
  });
  // oidc-provider answers every failure it did not expect as 500 server_error;
  // when the database is unreachable that is a 503 with Retry-After (RFC 9110
  // §15.6.4), and RFC 6749 §4.1.2.1's `temporarily_unavailable` for JSON answers.
  provider.use(async (ctx, next) => {
    await next();
    if (!databaseDown.has(ctx)) return;
    ctx.status = 503;
    ctx.set('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
    if (ctx.body && typeof ctx.body === 'object' && 'error' in ctx.body) {
      ctx.body = { error: 'temporarily_unavailable', error_description: OUTAGE_MESSAGE };
    }
  });
  return provider;
}

async function findRememberedGrantId(db: Database, accountId?: string, clientId?: string) {
  if (!accountId || !clientId) return undefined;
  return (await findGrants(db, accountId, clientId))[0]?.id;
}

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

function grantTypeOf(ctx: KoaContextWithOIDC): string {
  const grantType = (ctx.oidc.params as { grant_type?: unknown } | undefined)?.grant_type;
  return typeof grantType === 'string' && GRANT_TYPES.has(grantType) ? grantType : 'other';
}

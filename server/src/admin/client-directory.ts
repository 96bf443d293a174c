import { randomBytes } from 'node:crypto';
import type Provider from 'oidc-provider';
import type { Adapter } from 'oidc-provider';
import type { Database } from '../db/database.js';
import type { GrantRevocation } from '../authorization-server/grant-revocation.js';
import { revokeGrant } from '../authorization-server/oidc-adapter.js';
import { NotFoundError, ValidationError } from '../errors/domain-errors.js';

/** How a client came to be known to the server. */
export type ClientKind = 'pre-registered' | 'dynamic' | 'metadata-document';

export interface ClientSummary {
  clientId: string;
  name: string;
  kind: ClientKind;
  /** Hosts (or custom schemes) of its redirect URIs. */
  redirectHosts: string[];
  createdAt: Date | null;
  lastUsedAt: Date | null;
  grants: number;
}

interface StoredClient {
  client_id: string;
  client_name?: string;
  redirect_uris?: string[];
  client_id_issued_at?: number;
}

const hostOf = (uri: string): string => {
  const url = URL.parse(uri);
  if (!url) return uri;
  return url.host || `${url.protocol}`;
};

/**
 * Every OAuth client the server knows: the configured web client and the
 * clients administrators registered (pre-registered), those that registered
 * themselves (RFC 7591), and those known by a client ID metadata document
 * (an https client_id) through the grants they hold. Revoking a client's
 * grants makes the resource server refuse its access tokens at once.
 */
export function createClientDirectory(deps: {
  db: Database;
  provider: Provider;
  revocation: GrantRevocation;
  webClient: { clientId: string; redirectUris: string[] };
  accessTokenTtlSeconds: number;
  /** Plain http redirect URIs are allowed on any host (development). */
  allowHttp: boolean;
}) {
  const { db, provider } = deps;
  const { prisma } = db;

  const liveGrantIds = async (clientId: string) =>
    (
      await db.sql.query<{ id: string }>(
        `SELECT id FROM oidc_payloads WHERE type = 'Grant' AND payload->>'clientId' = $1`,
        [clientId],
      )
    ).map((row) => row.id);

  const revokeAll = async (clientId: string): Promise<number> => {
    const ids = await liveGrantIds(clientId);
    for (const grantId of ids) {
      await revokeGrant(db, grantId, {
        revocationMemorySeconds: deps.accessTokenTtlSeconds,
        includingGrant: true,
      });
      deps.revocation.noteRevoked(grantId);
    }
    // Connecting again asks for consent again.
    await prisma.rememberedConsent.deleteMany({ where: { clientId } });
    await prisma.grantActivity.deleteMany({ where: { clientId } });
    return ids.length;
  };

  return {
    async list(): Promise<ClientSummary[]> {
      const [stored, preregistered, grants, activity] = await Promise.all([
        db.sql.query<{ payload: StoredClient }>(
          `SELECT payload FROM oidc_payloads WHERE type = 'Client'
             AND (expires_at IS NULL OR expires_at > now())`,
        ),
        prisma.preregisteredClient.findMany(),
        db.sql.query<{ client_id: string; n: number }>(
          `SELECT payload->>'clientId' AS client_id, count(*)::int AS n FROM oidc_payloads
            WHERE type = 'Grant' AND (expires_at IS NULL OR expires_at > now()) GROUP BY 1`,
        ),
        db.sql.query<{ client_id: string; last: Date }>(
          `SELECT client_id, max(last_used_at) AS last FROM grant_activity GROUP BY 1`,
        ),
      ]);
      const grantCount = new Map(grants.map((row) => [row.client_id, row.n]));
      const lastUse = new Map(activity.map((row) => [row.client_id, row.last]));
      const created = new Map(preregistered.map((row) => [row.clientId, row.createdAt]));
      const summaries = new Map<string, ClientSummary>();
      const add = (client: StoredClient, kind: ClientKind, createdAt: Date | null) =>
        summaries.set(client.client_id, {
          clientId: client.client_id,
          name: client.client_name ?? client.client_id,
          kind,
          redirectHosts: [...new Set((client.redirect_uris ?? []).map(hostOf))],
          createdAt,
          lastUsedAt: lastUse.get(client.client_id) ?? null,
          grants: grantCount.get(client.client_id) ?? 0,
        });
      add(
        {
          client_id: deps.webClient.clientId,
          client_name: 'Picard web',
          redirect_uris: deps.webClient.redirectUris,
        },
        'pre-registered',
        null,
      );
      for (const { payload } of stored) {
        const issued = payload.client_id_issued_at
          ? new Date(payload.client_id_issued_at * 1000)
          : null;
        add(
          payload,
          created.has(payload.client_id) ? 'pre-registered' : 'dynamic',
          created.get(payload.client_id) ?? issued,
        );
      }
      // Clients known only by their metadata document's URL, through their grants.
      for (const clientId of [...grantCount.keys(), ...lastUse.keys()]) {
        if (summaries.has(clientId) || !clientId.startsWith('https://')) continue;
        const client = await provider.Client.find(clientId).catch(() => undefined);
        add(
          {
            client_id: clientId,
            client_name: client?.clientName,
            redirect_uris: client?.redirectUris ? [...client.redirectUris] : undefined,
          },
          'metadata-document',
          null,
        );
      }
      return [...summaries.values()].sort(
        (a, b) => (b.lastUsedAt?.getTime() ?? 0) - (a.lastUsedAt?.getTime() ?? 0),
      );
    },

    async find(clientId: string): Promise<ClientSummary | undefined> {
      return (await this.list()).find((client) => client.clientId === clientId);
    },

    /** Revokes every grant the client holds, on every account; how many there were. */
    async revokeGrants(clientId: string): Promise<number> {
      if (!(await this.find(clientId))) throw new NotFoundError('client');
      return revokeAll(clientId);
    },

    /**
     * Revokes its grants and forgets the client. The configured web client
     * cannot be deleted (it comes back from the configuration on restart);
     * a metadata-document client can connect again, asking for consent anew.
     */
    async delete(clientId: string): Promise<void> {
      if (clientId === deps.webClient.clientId) {
        throw new ValidationError(
          'the web client comes from the configuration (OAUTH_CLIENT_ID); revoke its grants instead',
          'clientId',
        );
      }
      if (!(await this.find(clientId))) throw new NotFoundError('client');
      await revokeAll(clientId);
      await db.sql.query(
        `DELETE FROM oidc_payloads
          WHERE (type = 'Client' AND id = $1)
             OR (type = 'RegistrationAccessToken' AND payload->>'clientId' = $1)`,
        [clientId],
      );
      await prisma.preregisteredClient.deleteMany({ where: { clientId } });
    },

    /**
     * Registers a confidential client (client_secret_basic, authorization
     * code with PKCE, refresh tokens). The secret is returned once and stored
     * as oidc-provider stores every client secret.
     */
    async create(input: { name: string; redirectUris: string[] }) {
      for (const uri of input.redirectUris) {
        const url = URL.parse(uri);
        const loopback = url && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
        if (
          !url ||
          url.hash ||
          !(url.protocol === 'https:' || (url.protocol === 'http:' && (loopback || deps.allowHttp)))
        ) {
          throw new ValidationError(
            `redirect URI "${uri}" must be an absolute https URL without a fragment (http only on loopback)`,
            'redirectUris',
          );
        }
      }
      const clientId = `picard-${randomBytes(12).toString('base64url')}`;
      const clientSecret = randomBytes(32).toString('base64url');
      const metadata = {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: input.name,
        client_id_issued_at: Math.floor(Date.now() / 1000),
        client_secret_expires_at: 0,
        redirect_uris: input.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code' as const],
        token_endpoint_auth_method: 'client_secret_basic' as const,
      };
      try {
        await provider.Client.validate(metadata as never);
      } catch (error) {
        const description = (error as { error_description?: string }).error_description;
        throw new ValidationError(
          description ?? 'the client metadata is not valid',
          'redirectUris',
        );
      }
      // The provider's own storage contract, as dynamic registration writes clients.
      const { adapter } = provider.Client as unknown as { adapter: Adapter };
      await adapter.upsert(clientId, metadata, 0);
      await prisma.preregisteredClient.create({ data: { clientId } });
      return { clientId, clientSecret, name: input.name, redirectUris: input.redirectUris };
    },
  };
}

export type ClientDirectory = ReturnType<typeof createClientDirectory>;

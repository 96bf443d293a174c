import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/src/app.js';
import { createAuditLog, type AuditLog } from '../../server/src/audit/audit-log.js';
import {
  createAuthorizationServer,
  type AuthorizationServer,
} from '../../server/src/authorization-server/authorization-server.js';
import type { RateLimitStore } from '../../server/src/http/rate-limit-store.js';
import type { Config } from '../../server/src/config.js';
import type { Database } from '../../server/src/db/database.js';
import { createLogger } from '../../server/src/logger.js';
import { createSessionRelayFor } from '../../server/src/mcp/postgres-reply-channel.js';
import type { MemoryStore } from '../../server/src/memories/memory-store.js';
import { createTestStore } from './factories.js';
import { testConfig } from './test-config.js';

export interface TestServer {
  /** The public URL (PUBLIC_URL): where clients reach it, perhaps through a proxy. */
  url: string;
  /** Where this instance itself listens. */
  address: string;
  config: Config;
  auth: AuthorizationServer;
  store: MemoryStore;
  audit: AuditLog;
  close(): Promise<void>;
}

/**
 * The whole app on a real port, with PUBLIC_URL set to where it listens (the
 * issuer must be known before the app is built, so the port comes first).
 */
/** Generous limits, so tests that sign in often are not rate limited unless they mean to be. */
const RELAXED_LIMITS = {
  LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
  TOKEN_RATE_LIMIT_PER_MINUTE: '10000',
  REGISTRATION_RATE_LIMIT_PER_HOUR: '10000',
  CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: '10000',
  USER_RATE_LIMIT_PER_MINUTE: '100000',
  CLIENT_RATE_LIMIT_PER_MINUTE: '100000',
};

export async function startTestServer(
  db: Database,
  env: Record<string, string> = {},
  options: {
    rateLimitStore?: RateLimitStore;
    store?: MemoryStore;
    /** The address clients use (a proxy in front of several instances); this server's own by default. */
    publicUrl?: string;
  } = {},
): Promise<TestServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = options.publicUrl ?? address;
  const config = testConfig({ PUBLIC_URL: url, ...RELAXED_LIMITS, ...env });
  const logger = createLogger('silent', 'test');
  const auth = createAuthorizationServer({
    config,
    db,
    logger,
    rateLimitStore: options.rateLimitStore,
  });
  const mcpRelay = createSessionRelayFor(db);
  const audit = createAuditLog({ db, logger });
  const store = options.store ?? (await createTestStore(db, { env: { PUBLIC_URL: url, ...env } }));
  server.on('request', createApp({ config, db, logger, auth, store, mcpRelay, audit }));
  return {
    url,
    address,
    config,
    auth,
    store,
    audit,
    close: async () => {
      await mcpRelay.closeAll();
      await audit.close();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import {
  createAuthorizationServer,
  type AuthorizationServer,
} from '../../src/auth/authorization-server.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { testConfig } from './test-config.js';

export interface TestServer {
  url: string;
  config: Config;
  auth: AuthorizationServer;
  close(): Promise<void>;
}

/**
 * The whole app on a real port, with PUBLIC_URL set to where it listens (the
 * issuer must be known before the app is built, so the port comes first).
 */
export async function startTestServer(
  db: Database,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = testConfig({ PUBLIC_URL: url, ...env });
  const logger = createLogger('silent', 'test');
  const auth = createAuthorizationServer({ config, db, logger });
  server.on('request', createApp({ config, db, logger, auth }));
  return {
    url,
    config,
    auth,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createClientApp } from '../../src/app.js';
import { loadClientConfig } from '../../src/config.js';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../server/test/helpers/test-database.js';
import { startTestServer, type TestServer } from '../../../server/test/helpers/test-server.js';

/** The Picard server and the web client, each on its own real port, wired together. */
export interface TestSystem {
  server: TestServer;
  clientUrl: string;
  database: TestDatabase;
  close(): Promise<void>;
}

export async function startSystem(
  options: { serverEnv?: Record<string, string>; clientEnv?: Record<string, string> } = {},
): Promise<TestSystem> {
  const database = await createTestDatabase();
  // The client's port comes first: the server must know its redirect URI.
  const clientServer = http.createServer();
  await new Promise<void>((resolve) => clientServer.listen(0, '127.0.0.1', resolve));
  const clientUrl = `http://127.0.0.1:${(clientServer.address() as AddressInfo).port}`;
  const server = await startTestServer(database.db, {
    OAUTH_REDIRECT_URIS: `${clientUrl}/auth/callback`,
    ...options.serverEnv,
  });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'picard-web-'));
  const config = loadClientConfig({
    NODE_ENV: 'test',
    CLIENT_PUBLIC_URL: clientUrl,
    CLIENT_SERVER_URL: server.url,
    OAUTH_CLIENT_ID: server.config.oauth.webClient.clientId,
    OAUTH_CLIENT_SECRET: server.config.oauth.webClient.clientSecret,
    DATA_DIR: dataDir,
    ...options.clientEnv,
  });
  const client = createClientApp({ config, logger: pino({ level: 'silent' }) });
  clientServer.on('request', client.app);
  return {
    server,
    clientUrl,
    database,
    async close() {
      clientServer.closeAllConnections();
      await new Promise((resolve) => clientServer.close(resolve));
      await client.close();
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

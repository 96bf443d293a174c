import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { signUpThroughWebPages } from '../../scripts/lib/web-signup.js';
import { createClientApp } from '../../client-web/src/app.js';
import { loadClientConfig } from '../../client-web/src/config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { startTestServer, type TestServer } from './test-server.js';

/** The Picard server and the web client, each on its own real port, wired together. */
export interface TestSystem {
  server: TestServer;
  clientUrl: string;
  database: TestDatabase;
  /** How many sessions the web client has stored (in PostgreSQL or under DATA_DIR). */
  storedSessions(): Promise<number>;
  /** Stops the web client and starts it again on the same port, configuration and data. */
  restartClient(): Promise<void>;
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
  const db = database.config;
  const config = loadClientConfig({
    // Against PostgreSQL the client keeps its sessions there too, in the test's schema.
    ...(db.kind === 'postgres'
      ? {
          CLIENT_DATABASE_URL: `${db.url}${db.url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${db.schema}`)}`,
        }
      : {}),
    NODE_ENV: 'test',
    CLIENT_PUBLIC_URL: clientUrl,
    CLIENT_SERVER_URL: server.url,
    OAUTH_CLIENT_ID: server.config.oauth.webClient.clientId,
    OAUTH_CLIENT_SECRET: server.config.oauth.webClient.clientSecret,
    DATA_DIR: dataDir,
    ...options.clientEnv,
  });
  const start = () => {
    const started = createClientApp({
      config,
      logger: pino({ level: process.env.TEST_CLIENT_LOG ?? 'silent' }),
    });
    clientServer.on('request', started.app);
    return started;
  };
  let client = start();
  return {
    server,
    clientUrl,
    database,
    async storedSessions() {
      if (config.session.databaseUrl) {
        const rows = await database.db.sql.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM web_sessions',
        );
        return rows[0]!.n;
      }
      return readdirSync(config.session.dir).length;
    },
    async restartClient() {
      clientServer.removeListener('request', client.app);
      await client.close();
      client = start();
    },
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

/**
 * A new account created through the web client over plain HTTP (see
 * {@link signUpThroughWebPages}). Returns the client-side browser, signed in.
 */
export function signUpOverHttp(system: TestSystem, username: string) {
  return signUpThroughWebPages(system.clientUrl, system.server.url, username);
}

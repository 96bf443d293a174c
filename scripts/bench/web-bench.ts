import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { createClientApp } from '../../client-web/src/app.js';
import { loadClientConfig } from '../../client-web/src/config.js';
import { createApp } from '../../server/src/app.js';
import { createAuthorizationServer } from '../../server/src/authorization-server/authorization-server.js';
import { createLogger } from '../../server/src/logger.js';
import { createMemoryStore } from '../../server/src/memories/memory-store.js';
import { createTextCipher } from '../../server/src/memories/text-cipher.js';
import { signUpThroughWebPages } from '../lib/web-signup.js';
import { openBenchDatabase } from './bench-database.js';
import { percentile } from './stats.js';
import { seededRandom, syntheticMemory } from './synthetic-text.js';

const TAGS = ['work', 'family', 'travel', 'health', 'books', 'music', 'food', 'ideas'];
const SEED_BATCH = 1_000;

/** Listens on a free loopback port and returns the server and its URL. */
async function listening() {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/**
 * Server time of the web client's pages for a person with `memories`
 * memories and as many activity entries: each page requested `samples`
 * times, one at a time, through the web client (which calls the API), and
 * its median and 95th percentile reported. The target is every page under
 * 100 ms at 10,000 memories.
 */
export async function runWebBench({
  memories,
  samples,
  log,
}: {
  memories: number;
  samples: number;
  log: (line: string) => void;
}) {
  const api = await listening();
  const web = await listening();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'picard-web-bench-'));
  const { config, db, drop } = await openBenchDatabase({
    PUBLIC_URL: api.url,
    OAUTH_REDIRECT_URIS: `${web.url}/auth/callback`,
  });
  const logger = createLogger('silent', 'bench');
  const store = await createMemoryStore({ config, db, logger });
  const auth = createAuthorizationServer({ config, db, logger });
  api.server.on('request', createApp({ config, db, logger, store, auth }));
  const client = createClientApp({
    config: loadClientConfig({
      NODE_ENV: 'test',
      CLIENT_PUBLIC_URL: web.url,
      CLIENT_SERVER_URL: api.url,
      OAUTH_CLIENT_ID: config.oauth.webClient.clientId,
      OAUTH_CLIENT_SECRET: config.oauth.webClient.clientSecret,
      DATA_DIR: dataDir,
    }),
    logger: pino({ level: 'silent' }),
  });
  web.server.on('request', client.app);
  try {
    const { client: browser } = await signUpThroughWebPages(web.url, api.url, 'reader');
    const user = await db.prisma.user.findUniqueOrThrow({ where: { username: 'reader' } });
    log(`seeding ${memories} memories and activity entries`);
    const random = seededRandom(19);
    const cipher = createTextCipher({ key: config.secrets.memoryEncryptionKey });
    const ids: string[] = [];
    for (let start = 0; start < memories; start += SEED_BATCH) {
      const batch = Array.from({ length: Math.min(SEED_BATCH, memories - start) }, () =>
        randomUUID(),
      );
      ids.push(...batch);
      // Embeddings are left out: no page here searches, and the rest never read them.
      await db.sql.query(
        `INSERT INTO memories (id, user_id, text_ciphertext, key_id, permission, tags, created_at, updated_at)
         SELECT id, $2, text, $3, permission::permission, ARRAY[tag], at, at
           FROM unnest($1::uuid[], $4::bytea[], $5::text[], $6::text[], $7::timestamptz[])
             AS t(id, text, permission, tag, at)`,
        [
          batch,
          user.id,
          cipher.keyId,
          batch.map((id, i) => Buffer.from(cipher.encrypt(syntheticMemory(random, start + i), id))),
          batch.map(() => (random() < 1 / 3 ? 'public' : 'private')),
          batch.map(() => TAGS[Math.floor(random() * TAGS.length)]!),
          batch.map((_, i) => new Date(Date.now() - (memories - start - i) * 60_000)),
        ],
      );
      await db.sql.query(
        `INSERT INTO audit_entries (id, user_id, client_id, surface, action, memory_ids, outcome, created_at)
         SELECT gen_random_uuid(), $2, $3, 'mcp', 'memory.read', ARRAY[id], 'success', now()
           FROM unnest($1::uuid[]) AS t(id)`,
        [batch, user.id, config.oauth.webClient.clientId],
      );
    }
    const pages = [
      '/memories',
      '/memories?sort=updated&tag=work',
      `/memories/${ids[Math.floor(ids.length / 2)]}`,
      '/memories/new',
      '/activity',
      '/people/reader',
      '/profile',
    ];
    const results: Record<string, { p50_ms: number; p95_ms: number }> = {};
    for (const page of pages) {
      for (let i = 0; i < 5; i += 1) await browser.request(page); // warm-up
      const times: number[] = [];
      for (let i = 0; i < samples; i += 1) {
        const started = performance.now();
        const response = await browser.request(page);
        times.push(performance.now() - started);
        if (response.status !== 200) throw new Error(`${page}: ${response.status}`);
      }
      results[page.replace(/[0-9a-f-]{36}/, '{id}')] = {
        p50_ms: percentile(times, 0.5),
        p95_ms: percentile(times, 0.95),
      };
      log(`${page}: p50 ${results[page.replace(/[0-9a-f-]{36}/, '{id}')]!.p50_ms} ms`);
    }
    return {
      web_memories: memories,
      web_pages: results,
      web_page_max_p50_ms: Math.max(...Object.values(results).map((r) => r.p50_ms)),
    };
  } finally {
    for (const { server } of [api, web]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await client.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

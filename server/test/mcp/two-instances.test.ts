import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { createDatabase, type Database } from '../../src/db/database.js';
import { DirectoryLockedError } from '../../src/db/dir-lock.js';
import { createLocalEmbedder } from '../../src/embeddings/local-embedder.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestStore } from '../../../test/support/factories.js';
import { connectMcp, ERAS, type Era } from '../../../test/support/mcp-clients.js';
import {
  startRoundRobinProxy,
  type RoundRobinProxy,
} from '../../../test/support/round-robin-proxy.js';
import {
  createTestDatabase,
  usingPostgres,
  type TestDatabase,
} from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * No sticky routing: two instances on one PostgreSQL behind a proxy that
 * sends each request to the next instance in turn serve one client of each
 * era, sign-up and sessions included. The 2025-era session opened on one
 * instance is used on the other, and a reply to the server's own request
 * (sampling) that lands on the other instance reaches the one that asked.
 */

type ToolResult = { isError?: boolean; structuredContent?: Record<string, unknown> };

const SECOND_INSTANCE = `picard-second-${randomBytes(4).toString('hex')}`;

if (usingPostgres) {
  let test: TestDatabase;
  let secondDb: Database;
  let proxy: RoundRobinProxy;
  let instances: TestServer[];
  let riker: ResourceUser;
  const clients: Client[] = [];

  beforeAll(async () => {
    test = await createTestDatabase();
    // Named, so a test can find this instance's connections and only those.
    const named = new URL((test.config as { url: string }).url);
    named.searchParams.set('application_name', SECOND_INSTANCE);
    secondDb = await createDatabase({
      ...test.config,
      url: named.toString(),
    } as typeof test.config);
    proxy = await startRoundRobinProxy();
    // One offline model for both (each instance of a deployment has its own process).
    const embedder = await createLocalEmbedder();
    const env = { PUBLIC_URL: proxy.url };
    instances = [
      await startTestServer(
        test.db,
        {},
        {
          publicUrl: proxy.url,
          store: await createTestStore(test.db, { embedder, env }),
        },
      ),
      await startTestServer(
        secondDb,
        {},
        {
          publicUrl: proxy.url,
          store: await createTestStore(secondDb, { embedder, env }),
        },
      ),
    ];
    proxy.setUpstreams(instances.map((instance) => instance.address));
    riker = await resourceUser(instances[0]!, { prefix: 'riker', resource: 'mcp' });
  });
  afterAll(async () => {
    for (const client of clients) await client.close();
    for (const instance of instances ?? []) await instance.close();
    await proxy.close();
    await secondDb.close();
    await test.drop();
  });

  describe.each(ERAS)('two instances, round robin, the %s era', (era: Era) => {
    it('serves every request of one client, whichever instance it reaches', async () => {
      const before = instances.map((instance) => proxy.served.get(instance.address) ?? 0);
      const client = await connectMcp(proxy.url, riker.accessToken, { era });
      clients.push(client);
      expect(client.getProtocolEra()).toBe(era);
      const call = async (name: string, args: Record<string, unknown>) =>
        (await client.callTool({ name, arguments: args })) as ToolResult;

      const created = await call('submit_memory', { text: `Number One (${era})`, tags: [era] });
      const id = created.structuredContent!.id as string;
      for (let round = 0; round < 3; round++) {
        expect((await call('get_memory', { memory_id: id })).structuredContent).toMatchObject({
          id,
        });
        const page = await call('retrieve_memories', { limit: 100 });
        expect(page.structuredContent!.items).toEqual(
          expect.arrayContaining([expect.objectContaining({ id })]),
        );
        expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      }
      // Both instances answered part of this client's requests.
      instances.forEach((instance, index) => {
        expect(proxy.served.get(instance.address)! - before[index]!).toBeGreaterThanOrEqual(3);
      });
    });
  });

  it.each(ERAS)(
    'the %s era: a confirmation answered on the other instance still deletes the memory',
    async (era: Era) => {
      const asked: string[] = [];
      const client = await connectMcp(proxy.url, riker.accessToken, {
        era,
        elicit: (message) => {
          asked.push(message);
          return { action: 'accept', content: { confirm: true } };
        },
      });
      clients.push(client);
      for (let round = 0; round < 2; round++) {
        const created = (await client.callTool({
          name: 'submit_memory',
          arguments: { text: `Tea for the captain, round ${round} (${era})` },
        })) as ToolResult;
        const id = created.structuredContent!.id as string;
        const deleted = (await client.callTool({
          name: 'delete_memory',
          arguments: { memory_id: id },
        })) as ToolResult;
        expect(deleted.structuredContent).toEqual({ deleted: id });
        expect(await test.db.prisma.memory.count({ where: { id } })).toBe(0);
      }
      expect(asked).toHaveLength(2);
    },
  );

  it('an instance whose LISTEN connection drops listens again and keeps relaying', async () => {
    const asked: string[] = [];
    const client = await connectMcp(proxy.url, riker.accessToken, {
      era: 'legacy',
      elicit: (message) => {
        asked.push(message);
        return { action: 'accept', content: { confirm: true } };
      },
    });
    clients.push(client);
    const deleteNew = async (round: number) => {
      const created = (await client.callTool({
        name: 'submit_memory',
        arguments: { text: `Shields up, round ${round}` },
      })) as ToolResult;
      const id = created.structuredContent!.id as string;
      const deleted = (await client.callTool({
        name: 'delete_memory',
        arguments: { memory_id: id },
      })) as ToolResult;
      expect(deleted.structuredContent).toEqual({ deleted: id });
    };
    await deleteNew(0);
    await deleteNew(1);
    const [killed] = await test.db.sql.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE application_name = $1 AND query LIKE 'LISTEN %'`,
      [SECOND_INSTANCE],
    );
    expect(killed!.n).toBe(1);
    for (let round = 2; round < 6; round++) await deleteNew(round);
    expect(asked).toHaveLength(6);
  });

  it('a reply too large to hand between instances is refused with 413, not cut', async () => {
    const headers = {
      authorization: `Bearer ${riker.accessToken}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
    };
    const opened = await fetch(`${proxy.url}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: { sampling: {} },
          clientInfo: { name: 'raw', version: '1' },
        },
      }),
    });
    await opened.text();
    const session = opened.headers.get('mcp-session-id')!;
    const reply = await fetch(`${proxy.url}/mcp`, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': session },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        result: {
          role: 'assistant',
          model: 'm',
          content: { type: 'text', text: 'x'.repeat(9_000) },
        },
      }),
    });
    expect(reply.status).toBe(413);
    expect(((await reply.json()) as { error: { message: string } }).error.message).toMatch(
      /too large/,
    );
  });

  it('a 2025 client’s sampling reply reaches the instance that asked, wherever it lands', async () => {
    const client = await connectMcp(proxy.url, riker.accessToken, {
      era: 'legacy',
      sample: () => 'I would say: make it so.',
    });
    clients.push(client);
    await client.callTool({
      name: 'submit_memory',
      arguments: { text: 'I say make it so', permission: 'public' },
    });
    for (let round = 0; round < 2; round++) {
      const result = (await client.callTool({
        name: 'query_user',
        arguments: { username: riker.username, question: 'What do you say?' },
      })) as ToolResult;
      expect(result.structuredContent).toMatchObject({
        mode: 'sampling',
        answer: 'I would say: make it so.',
      });
    }
  });
} else {
  describe('two instances on one database', () => {
    it('apply to PostgreSQL only: an embedded PGlite belongs to one process', async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'picard-two-'));
      const first = await createDatabase({ kind: 'pglite', dir });
      try {
        await expect(createDatabase({ kind: 'pglite', dir })).rejects.toBeInstanceOf(
          DirectoryLockedError,
        );
      } finally {
        await first.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

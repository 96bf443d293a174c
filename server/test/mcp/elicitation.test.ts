import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import {
  connectMcp,
  ERAS,
  type ConnectOptions,
  type Era,
} from '../../../test/support/mcp-clients.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * Deleting a memory and making one public ask the person first when the
 * client can ask (form elicitation): `elicitation/create` in the 2025 era,
 * `input_required` in 2026-07-28. Declined, nothing changes; a client that
 * cannot ask proceeds as before.
 */

let test: TestDatabase;
let server: TestServer;
let data: ResourceUser;
const clients: Client[] = [];

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  data = await resourceUser(server, { prefix: 'data', resource: 'mcp' });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await server.close();
  await test.drop();
});

type ToolResult = {
  isError?: boolean;
  structuredContent?: Record<string, unknown>;
  content: { type: string; text?: string }[];
};

describe.each(ERAS)('confirmation in the %s era', (era: Era) => {
  const asked: string[] = [];
  async function client(elicit?: ConnectOptions['elicit']) {
    const connected = await connectMcp(server.url, data.accessToken, {
      era,
      ...(elicit
        ? {
            elicit: (message) => {
              asked.push(message);
              return elicit(message);
            },
          }
        : {}),
    });
    clients.push(connected);
    return async (name: string, args: Record<string, unknown>) =>
      (await connected.callTool({ name, arguments: args })) as ToolResult;
  }
  const memory = async (text: string) => {
    const created = await test.db.prisma.memory.count();
    const call = await client();
    const result = await call('submit_memory', { text });
    expect(await test.db.prisma.memory.count()).toBe(created + 1);
    return result.structuredContent!.id as string;
  };
  const exists = async (id: string) => (await test.db.prisma.memory.count({ where: { id } })) === 1;
  const permissionOf = async (id: string) =>
    (await test.db.prisma.memory.findUniqueOrThrow({ where: { id } })).permission;

  it('accepted: the memory is deleted after the person confirms', async () => {
    const id = await memory(`Spot is my cat (${era})`);
    asked.length = 0;
    const call = await client(() => ({ action: 'accept', content: { confirm: true } }));
    const result = await call('delete_memory', { memory_id: id });
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent).toEqual({ deleted: id });
    expect(asked).toEqual([expect.stringContaining(`Spot is my cat (${era})`)]);
    expect(await exists(id)).toBe(false);
  });

  it('declined or not confirmed: nothing is deleted, and the model is told why', async () => {
    const id = await memory(`Sherlock Holmes (${era})`);
    for (const answer of [
      { action: 'decline' as const },
      { action: 'cancel' as const },
      { action: 'accept' as const, content: { confirm: false } },
    ]) {
      const call = await client(() => answer);
      const result = await call('delete_memory', { memory_id: id });
      expect([answer, result.isError]).toEqual([answer, true]);
      expect(result.content[0]!.text).toMatch(/did not confirm/);
      expect(await exists(id)).toBe(true);
    }
  });

  it('unsupported: a client that cannot ask deletes as before', async () => {
    const id = await memory(`Emotion chip (${era})`);
    const call = await client();
    expect((await call('delete_memory', { memory_id: id })).structuredContent).toEqual({
      deleted: id,
    });
    expect(await exists(id)).toBe(false);
  });

  it('making a memory public asks; declined, it stays private; making it private never asks', async () => {
    const id = await memory(`Ode to Spot (${era})`);
    asked.length = 0;
    const declining = await client(() => ({ action: 'decline' }));
    expect(
      (await declining('modify_permissions', { memory_id: id, permission: 'public' })).isError,
    ).toBe(true);
    expect(await permissionOf(id)).toBe('private');

    const accepting = await client(() => ({ action: 'accept', content: { confirm: true } }));
    const made = await accepting('modify_permissions', { memory_id: id, permission: 'public' });
    expect(made.structuredContent).toMatchObject({ id, permission: 'public' });
    expect(asked).toEqual([
      expect.stringMatching(/^Make the memory “Ode to Spot.*” public\?/),
      expect.stringMatching(/^Make the memory “Ode to Spot.*” public\?/),
    ]);

    asked.length = 0;
    await accepting('modify_permissions', { memory_id: id, permission: 'private' });
    expect(await permissionOf(id)).toBe('private');
    expect(asked).toEqual([]);
  });
});

describe('two confirmations at once in one 2025-era session', () => {
  it('are two requests with their own ids: each answer settles only its own', async () => {
    // Each request of a 2025 session is served by a fresh server, and the
    // client's replies go to every exchange of the session still open: with
    // ids numbered from 0 per exchange, both asked "0" and took the first
    // answer that came back (JSON-RPC 2.0 §4: ids identify requests).
    const seen: unknown[] = [];
    const pending: (() => void)[] = [];
    const connected = await connectMcp(server.url, data.accessToken, {
      era: 'legacy',
      elicit: () => ({ action: 'decline' }),
    });
    clients.push(connected);
    // Both questions are held until both have arrived, then answered: keep
    // one memory, delete the other.
    connected.setRequestHandler('elicitation/create', async (request, ctx) => {
      seen.push(ctx.mcpReq.id);
      await new Promise<void>((resolve) => {
        pending.push(resolve);
        if (pending.length === 2) for (const release of pending) release();
      });
      const message = (request.params as { message: string }).message;
      return message.includes('Keep this')
        ? { action: 'decline' as const }
        : { action: 'accept' as const, content: { confirm: true } };
    });
    const create = async (text: string) =>
      ((await connected.callTool({ name: 'submit_memory', arguments: { text } })) as ToolResult)
        .structuredContent!.id as string;
    const keep = await create('Keep this: Geordi tunes the warp core');
    const drop = await create('Drop this: Geordi once wore a visor');
    const [kept, dropped] = (await Promise.all([
      connected.callTool({ name: 'delete_memory', arguments: { memory_id: keep } }),
      connected.callTool({ name: 'delete_memory', arguments: { memory_id: drop } }),
    ])) as ToolResult[];
    expect(kept!.structuredContent).not.toEqual({ deleted: keep });
    expect(dropped!.structuredContent).toEqual({ deleted: drop });
    expect(await test.db.prisma.memory.count({ where: { id: keep } })).toBe(1);
    expect(await test.db.prisma.memory.count({ where: { id: drop } })).toBe(0);
    expect(new Set(seen).size).toBe(2);
  });
});

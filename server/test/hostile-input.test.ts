import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Browser, csrfOf } from '../../scripts/lib/browser.js';
import { authorizeUrl, pkce, webClientOf } from '../../scripts/lib/oauth.js';
import { resourceUser, type ResourceUser } from '../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../test/support/test-server.js';
import { OPERATIONS } from '../src/operations/catalogue.js';
import { objectShape } from '../src/memories/memory-input.js';
import { snakeCase } from '../src/mcp/snake-case.js';

/**
 * A deterministic fuzz test over every surface: the kinds of hostile input
 * that reached PostgreSQL or escaped as 500s before (NUL bytes, lone
 * surrogates, bad percent-encoding, huge values, wrong JSON types,
 * unsupported Content-Encoding, out-of-range dates, forged cursors). Every
 * answer must be a 4xx in the surface's own shape (or a JSON-RPC -32602 /
 * an `isError` tool result), reveal nothing of the server's insides, and
 * leave the database as it was.
 */

const REDIRECT = 'http://localhost:8000/auth/callback';
let test: TestDatabase;
let server: TestServer;
let riker: ResourceUser;
let troi: ResourceUser;
let memoryId: string;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  riker = await resourceUser(server, { prefix: 'riker' });
  troi = await resourceUser(server, { prefix: 'troi', resource: 'mcp' });
  const made = await riker.call('/api/v1/memories', { json: { text: 'Jazz on the trombone' } });
  memoryId = ((await made.json()) as { id: string }).id;
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const UUID = '00000000-0000-4000-8000-000000000000';

/** Values no field accepts, by class. */
const HOSTILE: Record<string, unknown[]> = {
  nul: ['\u0000', 'Earl\u0000Grey', '\u0000'.repeat(64)],
  loneSurrogate: ['\ud800', 'tea\udc00hot', '\udfff\ud800'],
  huge: ['x'.repeat(200_000), '\u{1F596}'.repeat(40_000)],
  wrongType: [true, 12.5, { nested: { deeper: [1] } }, [{}], [[['x']]]],
  farDate: [
    '+010000-01-01T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '275760-09-13T00:00:00Z',
    '2024-13-45T25:61:00Z',
  ],
  badCursor: [
    base64url(['+275760-09-13T00:00:00.000Z', UUID]),
    base64url(['-100000-01-01T00:00:00.000Z', UUID]),
    base64url(['0000-01-01T00:00:00.000Z', UUID]),
    base64url(['2030-01-01T00:00:00.000Z', `${UUID}\u0000`]),
    base64url({ createdAt: 1 }),
    '%E0%A4%A',
    '!!!',
  ],
};
const pick = <T>(random: () => number, values: T[]): T =>
  values[Math.floor(random() * values.length)]!;

/**
 * The hostile values a field must refuse, one of each class drawn with
 * `random` (dates and cursors are plain text elsewhere), which keeps the
 * number of requests bounded while every class reaches every field.
 */
function hostileFor(field: string, random: () => number): unknown[] {
  const classes = [HOSTILE.nul!, HOSTILE.loneSurrogate!, HOSTILE.huge!, HOSTILE.wrongType!];
  if (/(?:At|After|Before|_at|_after|_before)$/.test(field)) classes.push(HOSTILE.farDate!);
  if (field === 'cursor') classes.push(HOSTILE.badCursor!);
  return classes.map((values) => pick(random, values));
}

/** Query-string forms of hostile text, including encodings that do not decode. */
const HOSTILE_QUERY = [
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%ZZ',
  encodeURIComponent('+010000-01-01T00:00:00Z'),
  encodeURIComponent('-271821-04-20T00:00:00Z'),
  ...HOSTILE.badCursor!.map((cursor) => encodeURIComponent(String(cursor))),
  'x'.repeat(6_000),
];

/** Path segments that do not decode, or decode to something no id can be. */
const HOSTILE_SEGMENTS = [
  '%E0%A4%A',
  '%00',
  'a%00b',
  '%ED%A0%80',
  '%',
  '%C0%AF',
  'x'.repeat(3_000),
];

const LEAKS: RegExp[] = [
  /prisma/i,
  /Invalid `/,
  /\/work\//,
  /node_modules/,
  /\bat [\w.<>$]+ \(/,
  /\.(?:ts|js):\d+:\d+/,
  // eslint-disable-next-line no-control-regex -- a NUL echoed back is exactly what to catch
  /\u0000/,
  /\\u0000/,
  /ZodError|"code":\s*"invalid_type"|"path":\s*\[/,
];

async function counts() {
  const [memories, versions, users, payloads] = await Promise.all([
    test.db.prisma.memory.count(),
    test.db.prisma.memoryVersion.count(),
    test.db.prisma.user.count(),
    test.db.prisma.oidcPayload.count({ where: { type: { in: ['Client', 'Grant'] } } }),
  ]);
  return { memories, versions, users, payloads };
}

const failures: string[] = [];

/** Records what is wrong with one answer; the test fails with the whole list at the end. */
function check(label: string, status: number, body: string): void {
  if (status >= 500) failures.push(`${label}: ${status} ${body.slice(0, 200)}`);
  const leak = LEAKS.find((pattern) => pattern.test(body));
  if (leak) failures.push(`${label}: body matches ${leak}: ${body.slice(0, 300)}`);
}

async function send(
  label: string,
  url: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(`${server.url}${url}`, { redirect: 'manual', ...init });
  } catch (error) {
    failures.push(`${label}: request failed (${(error as Error).message})`);
    return { status: 0, body: '', headers: new Headers() };
  }
  const body = await response.text();
  check(label, response.status, body);
  return { status: response.status, body, headers: response.headers };
}

function expectNoFailures(): void {
  const found = failures.splice(0);
  expect(found).toEqual([]);
}

describe('hostile input on the REST API', () => {
  const rest = OPERATIONS.filter((operation) => operation.rest);
  const pathFor = (path: string, segment: string) =>
    path.replace('{memoryId}', segment).replace('{username}', segment);
  const validPath = (path: string) =>
    path.replace('{memoryId}', memoryId).replace('{username}', riker.username);
  const bearer = () => ({ authorization: `Bearer ${riker.accessToken}` });

  it('every field of every route, with every class of hostile value: 4xx, nothing leaked, nothing written', async () => {
    const before = await counts();
    const random = seeded(1701);
    for (const operation of rest) {
      const { method, path } = operation.rest!;
      const fields = Object.keys(objectShape(operation.input) ?? {}).filter(
        (field) => !path.includes(`{${field}}`),
      );
      const body = method !== 'get' && method !== 'delete';
      const valid: Record<string, unknown> = {
        text: 'A valid memory',
        query: 'trombone',
        question: 'What music?',
        permission: 'private',
      };
      for (const field of fields) {
        const values = body ? hostileFor(field, random) : HOSTILE_QUERY;
        for (const value of values) {
          const label = `${method.toUpperCase()} ${path} ${field}=${String(value).slice(0, 30)}`;
          if (body) {
            const input = Object.fromEntries(
              fields.filter((name) => name in valid).map((name) => [name, valid[name]]),
            );
            input[field] = value;
            const res = await send(label, validPath(path), {
              method: method.toUpperCase(),
              headers: { ...bearer(), 'content-type': 'application/json' },
              body: JSON.stringify(input),
            });
            if (res.status < 400 && operation.kind !== 'read') {
              failures.push(`${label}: accepted (${res.status})`);
            }
          } else {
            await send(label, `${validPath(path)}?${field}=${value}`, {
              method: method.toUpperCase(),
              headers: bearer(),
            });
          }
        }
      }
      if (path.includes('{')) {
        for (const segment of HOSTILE_SEGMENTS) {
          await send(`${method} ${path} segment ${segment.slice(0, 20)}`, pathFor(path, segment), {
            method: method.toUpperCase(),
            headers: { ...bearer(), 'content-type': 'application/json' },
            ...(body ? { body: '{}' } : {}),
          });
        }
      }
      if (body) {
        for (const encoding of ['br', 'zstd', 'gzip', 'deflate', 'x-unknown', 'gzip, br']) {
          const res = await send(
            `${method} ${path} Content-Encoding ${encoding}`,
            validPath(path),
            {
              method: method.toUpperCase(),
              headers: {
                ...bearer(),
                'content-type': 'application/json',
                'content-encoding': encoding,
              },
              body: Buffer.from(Array.from({ length: 64 }, () => Math.floor(random() * 256))),
            },
          );
          if (res.status < 400) failures.push(`${path} ${encoding}: accepted (${res.status})`);
        }
        // Random mixes of hostile values in several fields at once.
        for (let round = 0; round < 10; round += 1) {
          const input = Object.fromEntries(
            fields.map((name) => {
              return [name, pick(random, hostileFor(name, random))];
            }),
          );
          await send(`${method} ${path} mix ${round}`, validPath(path), {
            method: method.toUpperCase(),
            headers: { ...bearer(), 'content-type': 'application/json' },
            body: JSON.stringify(input),
          });
        }
      }
    }
    expect(await counts()).toEqual(before);
    expectNoFailures();
  });

  it('bad percent-encoding in a path is a 400 problem document', async () => {
    const res = await send('GET bad id', '/api/v1/memories/%E0%A4%A', { headers: bearer() });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'bad_request' });
    expectNoFailures();
  });

  it('an unsupported Content-Encoding is 415', async () => {
    const res = await send('zstd', '/api/v1/memories', {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json', 'content-encoding': 'x-unknown' },
      body: '{"text":"x"}',
    });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toMatchObject({ status: 415 });
    expectNoFailures();
  });

  it('a NUL byte in a tag is refused as invalid input', async () => {
    const res = await send('NUL tag', '/api/v1/memories', {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Poker night', tags: ['cards\u0000'] }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid_input', field: 'tags.0' });
    expectNoFailures();
  });

  it.each([
    ['a cursor far in the future', base64url(['+275760-09-13T00:00:00.000Z', UUID])],
    ['a cursor before PostgreSQL’s first date', base64url(['-100000-01-01T00:00:00.000Z', UUID])],
    ['a cursor of the wrong shape', base64url({ createdAt: 1 })],
  ])('%s is a 400 invalid_input on lists and the audit log', async (_name, cursor) => {
    for (const path of ['/api/v1/memories', '/api/v1/me/audit']) {
      const res = await send(path, `${path}?cursor=${encodeURIComponent(cursor)}`, {
        headers: bearer(),
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'invalid_input', field: 'cursor' });
    }
    expectNoFailures();
  });

  it.each([['+010000-01-01T00:00:00Z'], ['0000-01-01T00:00:00Z'], ['-271821-04-20T00:00:00Z']])(
    'a date outside years 0001–9999 (%s) is refused in expiry and filters',
    async (date) => {
      const before = await counts();
      const create = await send('create', '/api/v1/memories', {
        method: 'POST',
        headers: { ...bearer(), 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Far away', expiresAt: date }),
      });
      expect(create.status).toBe(400);
      expect(JSON.parse(create.body)).toMatchObject({ code: 'invalid_input', field: 'expiresAt' });
      const list = await send('list', `/api/v1/memories?createdAfter=${encodeURIComponent(date)}`, {
        headers: bearer(),
      });
      expect(list.status).toBe(400);
      expect(await counts()).toEqual(before);
      expectNoFailures();
    },
  );
});

/** Moves a memory's expiry far past year 9999, as only a direct write (or older versions) could. */
async function expireInYear10000(id: string): Promise<void> {
  await test.db.prisma.$executeRawUnsafe(
    `UPDATE memories SET expires_at = '10000-01-01T00:00:00Z'::timestamptz WHERE id = $1::uuid`,
    id,
  );
}

describe('a far-future expiry already stored', () => {
  it('is shown at the end of year 9999 and does not break the owner’s list (REST)', async () => {
    const user = await resourceUser(server, { prefix: 'barclay' });
    const made = await user.call('/api/v1/memories', { json: { text: 'Holodeck addiction' } });
    const { id } = (await made.json()) as { id: string };
    await expireInYear10000(id);
    const list = await user.call('/api/v1/memories');
    expect(list.status).toBe(200);
    const page = (await list.json()) as { items: { id: string; expiresAt: string }[] };
    expect(page.items).toEqual([
      expect.objectContaining({ id, expiresAt: '9999-12-31T23:59:59.999Z' }),
    ]);
    expect((await user.call(`/api/v1/memories/${id}`)).status).toBe(200);
  });
});

describe('hostile input on MCP', () => {
  let session: string;
  let rpcId = 10;
  const headers = () => ({
    authorization: `Bearer ${troi.accessToken}`,
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    'mcp-protocol-version': '2025-06-18',
    'mcp-session-id': session,
  });

  /** The JSON-RPC messages of an answer (plain JSON or server-sent events). */
  const messagesOf = (body: string): { error?: { code: number }; result?: unknown }[] => {
    const data = body.startsWith('{')
      ? [body]
      : body
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6));
    return data.map((text) => JSON.parse(text));
  };

  async function rpc(label: string, method: string, params: unknown) {
    rpcId += 1;
    const res = await send(label, '/mcp', {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ jsonrpc: '2.0', id: rpcId, method, params }),
    });
    const messages = res.status < 300 && res.body ? messagesOf(res.body) : [];
    for (const message of messages) {
      if (message.error?.code === -32603)
        failures.push(`${label}: -32603 ${res.body.slice(0, 300)}`);
    }
    return { ...res, messages };
  }

  beforeAll(async () => {
    const res = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...headers(), 'mcp-session-id': '' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'fuzz', version: '1' },
        },
      }),
    });
    await res.text();
    session = res.headers.get('mcp-session-id')!;
    await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    });
  });

  it('every argument of every tool, with every class of hostile value: isError results, nothing written', async () => {
    const before = await counts();
    const random = seeded(74656);
    const tools = OPERATIONS.filter((operation) => operation.tool);
    const valid: Record<string, unknown> = {
      text: 'A valid memory',
      query: 'trombone',
      question: 'What music?',
      username: riker.username,
      memory_id: memoryId,
      permission: 'public',
    };
    for (const operation of tools) {
      const fields = Object.keys(objectShape(operation.input) ?? {}).map(snakeCase);
      for (const field of fields) {
        for (const value of hostileFor(field, random)) {
          const args = Object.fromEntries(
            fields.filter((name) => name in valid).map((name) => [name, valid[name]]),
          );
          args[field] = value;
          const label = `${operation.tool} ${field}=${JSON.stringify(value).slice(0, 30)}`;
          const res = await rpc(label, 'tools/call', { name: operation.tool, arguments: args });
          const result = res.messages[0]?.result as { isError?: boolean } | undefined;
          if (operation.kind !== 'read' && result && !result.isError) {
            failures.push(`${label}: accepted`);
          }
        }
      }
      for (let round = 0; round < 10; round += 1) {
        const args = Object.fromEntries(
          fields.map((name) => {
            return [name, pick(random, hostileFor(name, random))];
          }),
        );
        await rpc(`${operation.tool} mix ${round}`, 'tools/call', {
          name: operation.tool,
          arguments: args,
        });
      }
    }
    expect(await counts()).toEqual(before);
    expectNoFailures();
  });

  it.each([
    ['arguments not an object', { name: 'submit_memory', arguments: 'text' }],
    ['arguments a list', { name: 'submit_memory', arguments: ['text'] }],
    ['name missing', { arguments: {} }],
    ['name not a string', { name: 12, arguments: {} }],
    ['name with a NUL byte', { name: 'submit\u0000memory', arguments: {} }],
    ['params a string', 'tools'],
    ['params missing', undefined],
  ])('tools/call with %s is -32602 with a plain message', async (_name, params) => {
    const res = await rpc('malformed', 'tools/call', params);
    expect(res.status).toBeLessThan(500);
    const error = res.messages[0]?.error as { code: number; message: string } | undefined;
    expect(error?.code).toBe(-32602);
    expect(error?.message).not.toMatch(/\[|\{|"code"/);
    expectNoFailures();
  });

  it('resources/read and prompts/get with hostile names: JSON-RPC errors, never -32603', async () => {
    const uris = [
      'memories://%E0%A4%A',
      'memories://\u0000',
      `memories://${memoryId}\u0000`,
      'memories://\ud800',
      'users://%E0%A4%A/memories',
      'users://a%00b/memories',
      'users://\u0000/memories',
      `users://${'x'.repeat(100_000)}/memories`,
      'nope://x',
      '',
    ];
    for (const uri of uris) {
      await rpc(`resources/read ${uri.slice(0, 30)}`, 'resources/read', { uri });
    }
    await rpc('resources/read no uri', 'resources/read', {});
    await rpc('resources/read uri number', 'resources/read', { uri: 5 });
    const random = seeded(1864);
    for (const value of [
      ...Object.values(HOSTILE).map((values) => pick(random, values)),
      undefined,
    ]) {
      for (const field of ['username', 'question']) {
        const args: Record<string, unknown> = { username: riker.username, question: 'Music?' };
        args[field] = value;
        await rpc(`prompts/get ${field}=${JSON.stringify(value)?.slice(0, 30)}`, 'prompts/get', {
          name: 'persona',
          arguments: args,
        });
      }
    }
    await rpc('prompts/get unknown', 'prompts/get', { name: '\u0000', arguments: {} });
    await rpc('prompts/get args list', 'prompts/get', { name: 'persona', arguments: [1] });
    expectNoFailures();
  });

  it('a far-future expiry already stored does not break retrieve_memories', async () => {
    const made = await rpc('submit', 'tools/call', {
      name: 'submit_memory',
      arguments: { text: 'Counselor’s notes' },
    });
    const { id } = (made.messages[0]!.result as { structuredContent: { id: string } })
      .structuredContent;
    await expireInYear10000(id);
    const listed = await rpc('retrieve', 'tools/call', {
      name: 'retrieve_memories',
      arguments: {},
    });
    const result = listed.messages[0]!.result as {
      isError?: boolean;
      structuredContent: { items: { id: string; expires_at: string }[] };
    };
    expect(result.isError).toBeUndefined();
    expect(result.structuredContent.items).toContainEqual(
      expect.objectContaining({ id, expires_at: '9999-12-31T23:59:59.999Z' }),
    );
    await test.db.prisma.memory.delete({ where: { id } });
    expectNoFailures();
  });

  it('an unsupported Content-Encoding is refused, not a 500', async () => {
    for (const encoding of ['br', 'zstd', 'gzip', 'x-unknown']) {
      const res = await send(`mcp ${encoding}`, '/mcp', {
        method: 'POST',
        headers: { ...headers(), 'content-encoding': encoding },
        body: Buffer.from([0x1f, 0x8b, 0, 1, 2, 3, 4, 5, 6, 7]),
      });
      // zstd is unsupported or corrupt depending on the Node version's zlib.
      if (encoding === 'x-unknown') expect(res.status).toBe(415);
      else expect([400, 415]).toContain(res.status);
    }
    expectNoFailures();
  });
});

describe('hostile input on the OAuth endpoints', () => {
  const client = () => webClientOf(server);
  const basic = () =>
    `Basic ${Buffer.from(`${client().id}:${client().secret}`).toString('base64')}`;
  const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

  /** An RFC 6749 §5.2 error body, when the answer is JSON. */
  const expectOAuthShape = (
    label: string,
    res: { status: number; body: string; headers: Headers },
  ) => {
    if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
      const body = JSON.parse(res.body) as { error?: unknown };
      if (typeof body.error !== 'string')
        failures.push(`${label}: not an OAuth error: ${res.body}`);
    }
  };

  it('NUL bytes, bad encodings and huge values in every parameter: 4xx in the RFC 6749 shape, nothing written', async () => {
    const before = await counts();
    const values = ['a\u0000b', '\u0000', '\ud800', 'x'.repeat(20_000)];
    const authorize = {
      response_type: 'code',
      client_id: client().id,
      redirect_uri: REDIRECT,
      scope: 'openid memories:read',
      state: 'state',
      nonce: 'nonce',
      code_challenge: pkce().challenge,
      code_challenge_method: 'S256',
      resource: `${server.url}/api`,
    };
    for (const [name] of Object.entries(authorize)) {
      for (const value of values) {
        const params = new URLSearchParams({ ...authorize, [name]: value });
        await send(`GET /auth ${name}`, `/auth?${params}`);
        const posted = await send(`POST /auth ${name}`, '/auth', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: params.toString(),
        });
        void posted;
      }
      await send(
        `GET /auth ${name} bad %`,
        `/auth?${new URLSearchParams(authorize)}&${name}=%E0%A4%A`,
      );
    }

    const tokenBodies: Record<string, string>[] = [
      { grant_type: 'refresh_token', refresh_token: 'x' },
      {
        grant_type: 'authorization_code',
        code: 'x',
        redirect_uri: REDIRECT,
        code_verifier: 'x'.repeat(43),
      },
      { grant_type: 'client_credentials', scope: 'memories:read' },
    ];
    for (const body of tokenBodies) {
      for (const field of Object.keys(body)) {
        for (const value of values) {
          const res = await send(`POST /token ${body.grant_type} ${field}`, '/token', {
            method: 'POST',
            headers: {
              authorization: basic(),
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: form({ ...body, [field]: value }),
          });
          expectOAuthShape(`/token ${field}`, res);
        }
      }
      for (const value of values) {
        const res = await send(`POST /token client_id`, '/token', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form({ ...body, client_id: value }),
        });
        expectOAuthShape('/token client_id', res);
        const basicRes = await send(`POST /token basic`, '/token', {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${/[\ud800-\udfff]/.test(value) ? '%ED%A0%80' : encodeURIComponent(value)}:${client().secret}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: form(body),
        });
        expectOAuthShape('/token basic', basicRes);
      }
    }
    await send('POST /token raw %', '/token', {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token&refresh_token=%E0%A4%A',
    });
    for (const encoding of ['br', 'zstd', 'gzip', 'x-unknown']) {
      const res = await send(`POST /token ${encoding}`, '/token', {
        method: 'POST',
        headers: {
          authorization: basic(),
          'content-type': 'application/x-www-form-urlencoded',
          'content-encoding': encoding,
        },
        body: Buffer.from([0x1f, 0x8b, 0, 1, 2, 3, 4, 5]),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectOAuthShape(`/token ${encoding}`, res);
    }

    for (const endpoint of ['/token/introspection', '/token/revocation']) {
      for (const value of values) {
        for (const field of ['token', 'token_type_hint']) {
          const res = await send(`POST ${endpoint} ${field}`, endpoint, {
            method: 'POST',
            headers: {
              authorization: basic(),
              'content-type': 'application/x-www-form-urlencoded',
            },
            body: form({ token: 'x', [field]: value }),
          });
          expectOAuthShape(endpoint, res);
        }
      }
    }

    const metadata = {
      redirect_uris: ['http://127.0.0.1:7777/callback'],
      client_name: 'Fuzz',
      token_endpoint_auth_method: 'none',
    };
    for (const field of ['client_name', 'redirect_uris', 'client_uri', 'logo_uri', 'scope']) {
      for (const value of [...values, ...HOSTILE.wrongType!]) {
        const body = { ...metadata, [field]: field === 'redirect_uris' ? [value] : value };
        const res = await send(`POST /reg ${field}`, '/reg', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expectOAuthShape(`/reg ${field}`, res);
      }
    }
    for (const encoding of ['br', 'x-unknown']) {
      const res = await send(`POST /reg ${encoding}`, '/reg', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': encoding },
        body: Buffer.from([1, 2, 3]),
      });
      expectOAuthShape(`/reg ${encoding}`, res);
    }

    for (const value of values) {
      for (const field of ['id_token_hint', 'post_logout_redirect_uri', 'client_id', 'state']) {
        await send(
          `GET /session/end ${field}`,
          `/session/end?${new URLSearchParams({ [field]: value })}`,
        );
        await send(`POST /session/end ${field}`, '/session/end', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form({ [field]: value }),
        });
      }
    }
    await send('GET /session/end bad %', '/session/end?client_id=%E0%A4%A');
    expect(await counts()).toEqual(before);
    expectNoFailures();
  });

  it('a NUL byte in client_id at /token is invalid_request (RFC 6749 §5.2)', async () => {
    const res = await send('NUL client', '/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ grant_type: 'refresh_token', refresh_token: 'x', client_id: 'web\u0000' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
    expectNoFailures();
  });
});

describe('hostile input on the sign-in and account pages', () => {
  it('forms and paths with NUL bytes and bad encodings: 4xx pages, nothing written', async () => {
    const before = await counts();
    const values = ['a\u0000b', '\u0000', 'x'.repeat(20_000)];
    const browser = new Browser(server.url);
    const login = await browser.follow(
      authorizeUrl({
        clientId: webClientOf(server).id,
        redirectUri: REDIRECT,
        scope: 'openid memories:read',
        pkce: pkce(),
      }),
    );
    const uid = /\/interaction\/([^/"]+)\/login/.exec(login.body)![1]!;
    const csrf = csrfOf(login.body);
    for (const value of values) {
      for (const field of ['username', 'password']) {
        const page = await browser.request(`/interaction/${uid}/login`, {
          form: { _csrf: csrf, username: 'riker', password: 'x', [field]: value },
        });
        check(`login ${field}`, page.status, page.body);
      }
      const register = await browser.request(`/interaction/${uid}/register`);
      for (const field of ['username', 'email', 'password']) {
        const page = await browser.request(`/interaction/${uid}/register`, {
          form: {
            _csrf: csrfOf(register.body),
            username: 'fuzzer',
            email: 'fuzzer@example.com',
            password: 'long enough password',
            [field]: value,
          },
        });
        check(`register ${field}`, page.status, page.body);
      }
      const csrfField = await browser.request(`/interaction/${uid}/login`, {
        form: { _csrf: value, username: 'riker', password: 'x' },
      });
      check('login _csrf', csrfField.status, csrfField.body);
    }
    for (const segment of HOSTILE_SEGMENTS) {
      for (const suffix of ['', '/register']) {
        const page = await browser.request(`/interaction/${segment}${suffix}`);
        check(`interaction ${segment.slice(0, 10)}${suffix}`, page.status, page.body);
      }
      const posted = await browser.request(`/interaction/${segment}/login`, {
        form: { _csrf: csrf, username: 'a', password: 'b' },
      });
      check(`interaction POST ${segment.slice(0, 10)}`, posted.status, posted.body);
    }

    const account = new Browser(server.url);
    const accountLogin = await account.request('/account');
    for (const value of values) {
      const page = await account.request('/account/login', {
        form: { _csrf: csrfOf(accountLogin.body), username: value, password: 'x' },
      });
      check('account login', page.status, page.body);
    }
    // Signed in: every form field of the account page.
    const signedIn = await account.follow('/account/login', {
      form: {
        _csrf: csrfOf(accountLogin.body),
        username: riker.username,
        password: 'make it so, number one',
      },
    });
    const token = csrfOf(signedIn.body);
    const forms: [string, Record<string, string>][] = [
      ['/account/profile', { email: 'riker@example.com', name: 'Will' }],
      ['/account/password', { current_password: 'x', password: 'another long password' }],
      ['/account/apps/disconnect', { client_id: 'web' }],
      ['/account/delete', { confirm_username: 'nobody' }],
    ];
    for (const [path, fields] of forms) {
      for (const field of Object.keys(fields)) {
        for (const value of values) {
          const page = await account.request(path, {
            form: { _csrf: token, ...fields, [field]: value },
          });
          check(`${path} ${field}`, page.status, page.body);
        }
      }
    }
    for (const query of ['%E0%A4%A', '%00']) {
      const page = await account.request(`/account?x=${query}`);
      check(`account ?${query}`, page.status, page.body);
    }
    expect(await counts()).toEqual(before);
    expectNoFailures();
  });
});

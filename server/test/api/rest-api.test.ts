import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';

let test: TestDatabase;
let server: TestServer;
let picard: ResourceUser;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  picard = await resourceUser(server, { prefix: 'picard' });
});
afterAll(async () => {
  await server.close();
  await test.drop();
});

const memoryCount = () => test.db.prisma.memory.count();

/** Creates a memory; returns it as a read shows it (without the create's duplicate report). */
async function create(user: ResourceUser, body: Record<string, unknown>) {
  const res = await user.call('/api/v1/memories', { json: body });
  expect(res.status).toBe(201);
  const { duplicates, contradictions, skipped, ...memory } = (await res.json()) as Record<
    string,
    unknown
  > & {
    id: string;
  };
  // Offline (no language model) a create never suggests contradictions.
  expect({ duplicates, contradictions, skipped }).toEqual({
    duplicates: expect.any(Array),
    contradictions: [],
    skipped: false,
  });
  return memory;
}

describe('REST API /api/v1: memories', () => {
  it('creates a memory (201, Location), reads it back, and never shows storage details', async () => {
    const res = await picard.call('/api/v1/memories', {
      json: { text: '  Earl Grey, hot.  ', tags: ['tea', 'tea', 'habits'], permission: 'public' },
    });
    expect(res.status).toBe(201);
    const memory = (await res.json()) as Record<string, unknown>;
    expect(res.headers.get('location')).toBe(`/api/v1/memories/${memory.id}`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(memory).sort()).toEqual(
      [
        'contradictions',
        'createdAt',
        'duplicates',
        'embeddingPending',
        'expiresAt',
        'id',
        'ownerId',
        'permission',
        'skipped',
        'supersededBy',
        'tags',
        'text',
        'updatedAt',
        'version',
      ].sort(),
    );
    expect(memory).toMatchObject({
      text: 'Earl Grey, hot.',
      tags: ['tea', 'habits'],
      permission: 'public',
      version: 1,
      embeddingPending: false,
      expiresAt: null,
    });
    const read = await picard.call(`/api/v1/memories/${memory.id}`);
    expect(read.status).toBe(200);
    const { duplicates, contradictions, skipped, ...stored } = memory;
    expect({ duplicates, contradictions, skipped }).toEqual({
      duplicates: [],
      contradictions: [],
      skipped: false,
    });
    expect(await read.json()).toEqual(stored);
  });

  it('lists newest first with cursor pagination and filters', async () => {
    const user = await resourceUser(server, { prefix: 'riker' });
    const made = [];
    for (const [i, permission] of ['private', 'public', 'private'].entries()) {
      made.push(await create(user, { text: `log entry ${i}`, permission, tags: [`t${i % 2}`] }));
    }
    const first = await user.call('/api/v1/memories?limit=2');
    const page1 = (await first.json()) as { items: { id: string }[]; nextCursor: string };
    expect(page1.items.map((m) => m.id)).toEqual([made[2]!.id, made[1]!.id]);
    const second = await user.call(
      `/api/v1/memories?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`,
    );
    const page2 = (await second.json()) as { items: { id: string }[]; nextCursor: null };
    expect(page2).toEqual({
      items: [expect.objectContaining({ id: made[0]!.id })],
      nextCursor: null,
    });

    const publicOnly = await (await user.call('/api/v1/memories?permission=public')).json();
    expect((publicOnly as { items: { id: string }[] }).items.map((m) => m.id)).toEqual([
      made[1]!.id,
    ]);
    const tagged = await (await user.call('/api/v1/memories?tag=t0')).json();
    expect((tagged as { items: { id: string }[] }).items.map((m) => m.id)).toEqual([
      made[2]!.id,
      made[0]!.id,
    ]);
  });

  it('updates text, tags and expiry, keeping the old version in the history', async () => {
    const memory = await create(picard, { text: 'The Enterprise-D', tags: ['ships'] });
    const res = await picard.call(`/api/v1/memories/${memory.id}`, {
      method: 'PATCH',
      json: { text: 'The Enterprise-E', expiresAt: '2099-01-01T00:00:00.000Z' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      text: 'The Enterprise-E',
      tags: ['ships'],
      version: 2,
      expiresAt: '2099-01-01T00:00:00.000Z',
    });
    const history = await (await picard.call(`/api/v1/memories/${memory.id}/history`)).json();
    expect(history).toEqual({
      items: [
        expect.objectContaining({ version: 1, text: 'The Enterprise-D', permission: 'private' }),
      ],
    });
  });

  it('sets the permission and deletes (204, then 404)', async () => {
    const memory = await create(picard, { text: 'Tea is a sacred ritual' });
    const made = await picard.call(`/api/v1/memories/${memory.id}/permission`, {
      method: 'PUT',
      json: { permission: 'public' },
    });
    expect(made.status).toBe(200);
    expect(await made.json()).toMatchObject({ permission: 'public', version: 2 });

    const gone = await picard.call(`/api/v1/memories/${memory.id}`, { method: 'DELETE' });
    expect(gone.status).toBe(204);
    const after = await picard.call(`/api/v1/memories/${memory.id}`);
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({ code: 'memory_not_found' });
  });

  it('searches by meaning with scores, and answers persona questions citing memories', async () => {
    const user = await resourceUser(server, { prefix: 'data' });
    const cat = await create(user, { text: 'My cat is named Spot and she loves milk' });
    await create(user, { text: 'I play the violin in the evenings' });
    const res = await user.call('/api/v1/memories/search', {
      json: { query: 'pet cat', limit: 5 },
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as {
      results: { score: number; memory: { id: string } }[];
    };
    expect(results[0]!.memory.id).toBe(cat.id);
    expect(results[0]!.score).toBeGreaterThan(0);

    const persona = await user.call(`/api/v1/users/${user.username.toUpperCase()}/persona`, {
      json: { question: 'What is the name of your cat?' },
    });
    expect(persona.status).toBe(200);
    const answer = (await persona.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ username: user.username, mode: 'extractive' });
    expect(answer.citations).toEqual([
      expect.objectContaining({ memory: expect.objectContaining({ id: cat.id }) }),
    ]);
  });

  it('GET /api/v1/me names the token’s user, client and scopes', async () => {
    const res = await picard.call('/api/v1/me');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      username: picard.username,
      email: `${picard.username}@example.com`,
      clientId: server.config.oauth.webClient.clientId,
      scopes: expect.arrayContaining(['memories:read', 'memories:write']),
    });
  });
});

describe('REST API: bad input gets a precise problem document and writes nothing', () => {
  const cases: [
    string,
    { path?: string; method?: string; body?: string; type?: string },
    number,
    string,
    RegExp,
  ][] = [
    ['empty text', { body: '{"text":"   "}' }, 400, 'invalid_input', /text must not be empty/],
    ['missing text', { body: '{}' }, 400, 'invalid_input', /text is required/],
    [
      'text too long',
      { body: JSON.stringify({ text: 'x'.repeat(10_001) }) },
      400,
      'invalid_input',
      /at most 10000/,
    ],
    [
      'bad permission',
      { body: '{"text":"a","permission":"secret"}' },
      400,
      'invalid_input',
      /"private", "public" or "shared"/,
    ],
    [
      'tags not a list',
      { body: '{"text":"a","tags":"x"}' },
      400,
      'invalid_input',
      /tags must be a list/,
    ],
    [
      'expiry in the past',
      { body: '{"text":"a","expiresAt":"2000-01-01T00:00:00Z"}' },
      400,
      'invalid_input',
      /future/,
    ],
    [
      'expiry not a date',
      { body: '{"text":"a","expiresAt":"soon"}' },
      400,
      'invalid_input',
      /expiresAt: must be a date-time/,
    ],
    [
      'expiry past the year 9999',
      { body: '{"text":"a","expiresAt":"+010000-01-01T00:00:00Z"}' },
      400,
      'invalid_input',
      /expiresAt: must be a date-time/,
    ],
    [
      'expiry without a time zone',
      { body: '{"text":"a","expiresAt":"2099-01-01T00:00:00"}' },
      400,
      'invalid_input',
      /expiresAt: must be a date-time/,
    ],
    [
      'unknown field',
      { body: '{"text":"a","owner":"someone-else"}' },
      400,
      'invalid_input',
      /unknown field "owner"/,
    ],
    ['a JSON array', { body: '[{"text":"a"}]' }, 400, 'invalid_input', /must be a JSON object/],
    ['malformed JSON', { body: '{"text": "a",' }, 400, 'malformed_json', /not valid JSON/],
    [
      'not JSON at all',
      { body: 'text=a', type: 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
      /application\/json/,
    ],
    [
      'an oversized body',
      { body: JSON.stringify({ text: 'x'.repeat(70_000) }) },
      413,
      'payload_too_large',
      /larger than/,
    ],
    [
      'a bad cursor',
      { path: '/api/v1/memories?cursor=nope', method: 'GET' },
      400,
      'invalid_input',
      /cursor/,
    ],
    [
      'an unknown query parameter',
      { path: '/api/v1/memories?colour=blue', method: 'GET' },
      400,
      'invalid_input',
      /unknown field "colour"/,
    ],
    [
      'a filter date past the year 9999',
      { path: '/api/v1/memories?createdAfter=%2B010000-01-01T00:00:00Z', method: 'GET' },
      400,
      'invalid_input',
      /createdAfter: must be a date-time/,
    ],
    [
      'a bad limit',
      { path: '/api/v1/memories?limit=500', method: 'GET' },
      400,
      'invalid_input',
      /limit must be between 1 and 100/,
    ],
    [
      'an empty search',
      { path: '/api/v1/memories/search', body: '{"query":""}' },
      400,
      'invalid_input',
      /query must not be empty/,
    ],
    [
      'a search threshold out of range',
      { path: '/api/v1/memories/search', body: '{"query":"a","minSimilarity":3}' },
      400,
      'invalid_input',
      /between -1 and 1/,
    ],
    [
      'an empty update',
      {
        path: '/api/v1/memories/00000000-0000-4000-8000-000000000000',
        method: 'PATCH',
        body: '{}',
      },
      404,
      'memory_not_found',
      /Memory not found/,
    ],
    [
      'an unknown persona',
      { path: '/api/v1/users/nobody-here/persona', body: '{"question":"hi"}' },
      404,
      'user_not_found',
      /User not found/,
    ],
    [
      'an empty persona question',
      { path: `/api/v1/users/someone/persona`, body: '{"question":" "}' },
      400,
      'invalid_input',
      /question must not be empty/,
    ],
  ];

  it.each(cases)('%s', async (_name, request, status, code, detail) => {
    const before = await memoryCount();
    const res = await fetch(`${server.url}${request.path ?? '/api/v1/memories'}`, {
      method: request.method ?? 'POST',
      headers: {
        authorization: `Bearer ${picard.accessToken}`,
        ...(request.body !== undefined
          ? { 'content-type': request.type ?? 'application/json' }
          : {}),
      },
      body: request.body,
    });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ type: `/problems/${code}`, status, code });
    expect(String(problem.detail)).toMatch(detail);
    expect(await memoryCount()).toBe(before);
  });

  it('bad edits to a real memory are refused precisely and change nothing', async () => {
    const memory = await create(picard, { text: 'Make it so', tags: ['orders'] });
    const attempts: [string, string, unknown, RegExp][] = [
      ['PATCH', '', { text: '' }, /text must not be empty/],
      ['PATCH', '', { tags: ['ok', 7] }, /tags\.1: each tag must be a string/],
      ['PATCH', '', { permission: 'public' }, /unknown field "permission"/],
      ['PATCH', '', { expiresAt: '1999-12-31T00:00:00Z' }, /future/],
      ['PUT', '/permission', { permission: 'everyone' }, /"private", "public" or "shared"/],
      ['PUT', '/permission', {}, /permission is required|"private", "public" or "shared"/],
    ];
    for (const [method, suffix, json, detail] of attempts) {
      const res = await picard.call(`/api/v1/memories/${memory.id}${suffix}`, { method, json });
      expect([method, JSON.stringify(json), res.status]).toEqual([
        method,
        JSON.stringify(json),
        400,
      ]);
      expect(String(((await res.json()) as { detail: string }).detail)).toMatch(detail);
    }
    expect(await (await picard.call(`/api/v1/memories/${memory.id}`)).json()).toEqual(memory);
    expect(await (await picard.call(`/api/v1/memories/${memory.id}/history`)).json()).toEqual({
      items: [],
    });
  });

  it('an update with nothing in it, on a real memory, is refused and changes nothing', async () => {
    const memory = await create(picard, { text: 'Shaka, when the walls fell' });
    const res = await picard.call(`/api/v1/memories/${memory.id}`, { method: 'PATCH', json: {} });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 'invalid_input',
      detail: expect.stringMatching(/nothing to update/),
    });
    const after = await (await picard.call(`/api/v1/memories/${memory.id}`)).json();
    expect(after).toEqual(memory);
  });
});

describe('REST API: isolation between users', () => {
  let beverly: ResourceUser;
  let wesley: ResourceUser;
  let secret: { id: string };
  let shared: { id: string };

  beforeAll(async () => {
    beverly = await resourceUser(server, { prefix: 'beverly' });
    wesley = await resourceUser(server, { prefix: 'wesley' });
    secret = await create(beverly, { text: 'I still grieve for Jack, my husband' });
    shared = await create(beverly, {
      text: 'I love to dance and taught many a tap class',
      permission: 'public',
    });
  });

  /** A response as the other user sees it, minus what naturally differs per request. */
  const seen = async (res: Response) => ({ status: res.status, body: await res.json() });
  const missing = '00000000-0000-4000-8000-000000000000';

  it('another user’s private memory answers exactly like a missing one, for every operation', async () => {
    const operations: [string, string, unknown?][] = [
      ['GET', ''],
      ['PATCH', '', { text: 'hijacked' }],
      ['PUT', '/permission', { permission: 'public' }],
      ['DELETE', ''],
      ['GET', '/history'],
    ];
    for (const [method, suffix, json] of operations) {
      const theirs = await seen(
        await wesley.call(`/api/v1/memories/${secret.id}${suffix}`, { method, json }),
      );
      const nobodys = await seen(
        await wesley.call(`/api/v1/memories/${missing}${suffix}`, { method, json }),
      );
      expect(theirs).toEqual(nobodys);
      expect(theirs.status).toBe(404);
    }
    const mine = await (await beverly.call(`/api/v1/memories/${secret.id}`)).json();
    expect(mine).toMatchObject({
      text: 'I still grieve for Jack, my husband',
      version: 1,
      permission: 'private',
    });
  });

  it('another user’s public memory can be read but not changed, and its history stays private', async () => {
    expect((await wesley.call(`/api/v1/memories/${shared.id}`)).status).toBe(200);
    for (const [method, suffix, json] of [
      ['PATCH', '', { text: 'hijacked' }],
      ['DELETE', ''],
      ['GET', '/history'],
    ] as const) {
      const res = await wesley.call(`/api/v1/memories/${shared.id}${suffix}`, { method, json });
      expect(res.status).toBe(404);
    }
  });

  it('listing and searching someone else shows their public memories only', async () => {
    const listed = (await (
      await wesley.call(`/api/v1/memories?username=${beverly.username}`)
    ).json()) as { items: { id: string }[] };
    expect(listed.items.map((m) => m.id)).toEqual([shared.id]);
    const privateAsked = (await (
      await wesley.call(`/api/v1/memories?username=${beverly.username}&permission=private`)
    ).json()) as { items: unknown[] };
    expect(privateAsked.items).toEqual([]);
    const own = (await (await wesley.call('/api/v1/memories')).json()) as { items: unknown[] };
    expect(own.items).toEqual([]);

    const searched = (await (
      await wesley.call('/api/v1/memories/search', {
        json: { query: 'grief for my husband Jack', username: beverly.username, minSimilarity: -1 },
      })
    ).json()) as { results: { memory: { id: string } }[] };
    expect(searched.results.map((hit) => hit.memory.id)).toEqual([shared.id]);
  });

  it('a persona question about another user draws on their public memories only', async () => {
    const res = await wesley.call(`/api/v1/users/${beverly.username}/persona`, {
      json: { question: 'Who was your husband, and do you grieve for him?' },
    });
    const answer = (await res.json()) as {
      answer: string;
      citations: { memory: { id: string } }[];
    };
    expect(answer.answer).not.toMatch(/Jack/);
    for (const citation of answer.citations) expect(citation.memory.id).toBe(shared.id);
  });
});

describe('REST API: the audit log', () => {
  it('records every read, write, search and persona query with its outcome; users see only their own', async () => {
    const troi = await resourceUser(server, { prefix: 'troi' });
    const memory = await create(troi, {
      text: 'Chocolate is never just a snack',
      permission: 'public',
    });
    await troi.call(`/api/v1/memories/${memory.id}`);
    await troi.call('/api/v1/memories/00000000-0000-4000-8000-000000000000');
    await troi.call('/api/v1/memories/search', { json: { query: 'chocolate' } });
    await troi.call(`/api/v1/users/${troi.username}/persona`, { json: { question: 'snacks?' } });
    await troi.call('/api/v1/memories', { json: { text: '' } });
    await picard.call(`/api/v1/memories/${memory.id}`);

    const res = await troi.call('/api/v1/me/audit?limit=10');
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    const clientId = server.config.oauth.webClient.clientId;
    expect(items.map(({ action, outcome }) => `${action}:${outcome}`)).toEqual([
      'memory.create:invalid_input',
      'persona.query:success',
      'memory.search:success',
      'memory.read:not_found',
      'memory.read:success',
      'memory.create:success',
    ]);
    expect(items[4]).toMatchObject({ surface: 'api', clientId, memoryIds: [memory.id] });
    expect(items[2]).toMatchObject({ memoryIds: [memory.id] });
    expect(items[1]).toMatchObject({ targetUsername: troi.username });
    expect(JSON.stringify(items)).not.toMatch(/Chocolate|snacks/);

    // Picard's read of Troi's public memory is in Picard's log, not Troi's.
    const picards = (await (await picard.call('/api/v1/me/audit?limit=1')).json()) as {
      items: Record<string, unknown>[];
    };
    expect(picards.items[0]).toMatchObject({ action: 'memory.read', memoryIds: [memory.id] });
  });

  it('records what a read-only application tried to change, refused for its scope', async () => {
    const reader = await resourceUser(server, { prefix: 'worf', scope: 'openid memories:read' });
    const someId = '6f1c1a52-3c8e-4d6a-9b1e-0c2f5e7d9a11';
    expect((await reader.call('/api/v1/memories', { json: { text: 'Prune juice' } })).status).toBe(
      403,
    );
    const deleted = await reader.call(`/api/v1/memories/${someId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(403);
    expect(deleted.headers.get('www-authenticate')).toContain('insufficient_scope');

    const { items } = (await (await reader.call('/api/v1/me/audit?limit=5')).json()) as {
      items: Record<string, unknown>[];
    };
    expect(items.map(({ action, outcome }) => `${action}:${outcome}`)).toEqual([
      'memory.delete:insufficient_scope',
      'memory.create:insufficient_scope',
    ]);
    expect(items[0]).toMatchObject({
      surface: 'api',
      clientId: server.config.oauth.webClient.clientId,
      memoryIds: [someId],
    });
    expect(JSON.stringify(items)).not.toContain('Prune');
  });

  it('pages with a cursor', async () => {
    const user = await resourceUser(server, { prefix: 'guinan' });
    for (let i = 0; i < 3; i += 1) await user.call('/api/v1/memories');
    const first = (await (await user.call('/api/v1/me/audit?limit=2')).json()) as {
      items: unknown[];
      nextCursor: string;
    };
    expect(first.items).toHaveLength(2);
    const rest = (await (
      await user.call(`/api/v1/me/audit?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json()) as { items: unknown[]; nextCursor: null };
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });
});

describe('REST API: sorting, the summary and the activity filters', () => {
  const ids = (page: { items: { id: string }[] }) => page.items.map((item) => item.id);
  const list = async (user: ResourceUser, query: string) =>
    (await (await user.call(`/api/v1/memories?${query}`)).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };

  it('lists oldest first and recently edited first, paging within each order', async () => {
    const user = await resourceUser(server, { prefix: 'data' });
    const a = await create(user, { text: 'Spot is a cat' });
    const b = await create(user, { text: 'Poker on Tuesdays' });
    const c = await create(user, { text: 'Sherlock Holmes in the holodeck' });
    const edited = await user.call(`/api/v1/memories/${a.id}`, {
      method: 'PATCH',
      json: { text: 'Spot is a cat who likes Data' },
    });
    expect(edited.status).toBe(200);

    const newest = ids(await list(user, 'limit=10'));
    expect(newest).toHaveLength(3);
    expect(ids(await list(user, 'limit=10&sort=oldest'))).toEqual([...newest].reverse());
    expect(ids(await list(user, 'limit=10&sort=updated'))[0]).toBe(a.id);

    // Two pages of the oldest-first order join up to the whole order.
    const first = await list(user, 'limit=2&sort=oldest');
    const second = await list(
      user,
      `limit=2&sort=oldest&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect([...ids(first), ...ids(second)]).toEqual([...newest].reverse());
    expect(second.nextCursor).toBeNull();
    expect(new Set([a.id, b.id, c.id])).toEqual(new Set(newest));

    // A cursor continues only the order it came from.
    const mixed = await user.call(
      `/api/v1/memories?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(mixed.status).toBe(400);
    expect(await mixed.json()).toMatchObject({
      detail: 'cursor is not one this server handed out',
    });
    const unknown = await user.call('/api/v1/memories?sort=random');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      detail: 'sort must be "newest", "oldest" or "updated"',
    });
  });

  it('summarises the caller’s own memories only: counts by permission and tags by use', async () => {
    const user = await resourceUser(server, { prefix: 'worf' });
    const other = await resourceUser(server, { prefix: 'kehleyr' });
    await create(user, { text: 'Prune juice is a warrior’s drink', tags: ['drinks', 'klingon'] });
    await create(user, {
      text: 'Bat’leth practice at dawn',
      tags: ['klingon'],
      permission: 'public',
    });
    await create(user, {
      text: 'Gone tomorrow',
      tags: ['soon'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await create(other, { text: 'Alexander’s birthday', tags: ['klingon', 'family'] });

    const res = await user.call('/api/v1/me/summary');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      total: 3,
      byPermission: { private: 2, public: 1, shared: 0 },
      tags: [
        { name: 'klingon', count: 2 },
        { name: 'drinks', count: 1 },
        { name: 'soon', count: 1 },
      ],
    });
  });

  it('filters the audit log by application, action and memory, naming each application', async () => {
    const user = await resourceUser(server, { prefix: 'barclay' });
    const memory = await create(user, { text: 'Spiders in the Jefferies tube' });
    await user.call(`/api/v1/memories/${memory.id}`);
    await user.call('/api/v1/memories');
    const clientId = server.config.oauth.webClient.clientId;

    const origin = (await (
      await user.call(`/api/v1/me/audit?action=memory.create&memoryId=${memory.id}`)
    ).json()) as { items: Record<string, unknown>[] };
    expect(origin.items).toHaveLength(1);
    expect(origin.items[0]).toMatchObject({
      action: 'memory.create',
      clientId,
      clientName: 'Picard web',
      memoryIds: [memory.id],
    });

    const reads = (await (await user.call('/api/v1/me/audit?action=memory.list')).json()) as {
      items: unknown[];
    };
    expect(reads.items).toHaveLength(1);
    const byApp = (await (
      await user.call(`/api/v1/me/audit?clientId=${encodeURIComponent(clientId)}`)
    ).json()) as { items: unknown[] };
    expect(byApp.items).toHaveLength(3);
    const none = (await (await user.call('/api/v1/me/audit?clientId=someone-else')).json()) as {
      items: unknown[];
    };
    expect(none.items).toEqual([]);

    const bad = await user.call('/api/v1/me/audit?action=memory.explode');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/^action must be one of/);
  });
});

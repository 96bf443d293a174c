import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Browser } from '../../../scripts/lib/browser.js';
import {
  authorizeUrl,
  callbackParams,
  consent,
  pkce,
  tokenRequest,
  webClientOf,
} from '../../../scripts/lib/oauth.js';
import { actionOf, csrfOf } from '../../../scripts/lib/browser.js';
import { resourceUser, type ResourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { createTestStore } from '../../../test/support/factories.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/**
 * The isolation matrix of sharing and application limits: the owner, a user
 * a memory was shared with, a group member, a removed member, a stranger and
 * an application limited to the tag "work", each against get, list, search
 * (results and counts), persona, resources, history and sharing, on REST and
 * on MCP. What may not be read answers exactly like a missing memory.
 */

const WEB_REDIRECT = 'http://localhost:8000/auth/callback';
const APP_REDIRECT = 'http://127.0.0.1:53682/callback';
const MISSING = '00000000-0000-4000-8000-000000000000';

let test: TestDatabase;
let server: TestServer;

/** One person (or application) on both surfaces. */
interface Party {
  name: string;
  username: string;
  rest: (path: string, init?: { method?: string; json?: unknown }) => Promise<Response>;
  mcp: Client;
}

const parties: Record<string, Party> = {};
let owner: ResourceUser;
const ids: Record<string, string> = {};
let crewId: string;

/** An access token for `resource` through `clientId`, from a browser that is signed in. */
async function authorizeAgain(
  browser: Browser,
  options: {
    resource: 'api' | 'mcp';
    client?: { id: string; secret?: string };
    redirectUri?: string;
    limit?: { tags: string; readOnly?: boolean };
    /** The tags the consent page must show already filled in. */
    expectPrefilled?: string;
  },
): Promise<string> {
  const client = options.client ?? webClientOf(server);
  const redirectUri = options.redirectUri ?? WEB_REDIRECT;
  const verifier = pkce();
  let page = await browser.follow(
    authorizeUrl({
      clientId: client.id,
      redirectUri,
      scope: 'openid memories:read memories:write',
      pkce: verifier,
      resource: `${server.url}/${options.resource}`,
    }),
  );
  if (!page.location && page.body.includes('/consent')) {
    if (options.expectPrefilled !== undefined) {
      expect(page.body).toContain(
        `name="limit_tags" type="text" value="${options.expectPrefilled}"`,
      );
    }
    page = options.limit
      ? await browser.follow(actionOf(page.body, '/consent'), {
          form: {
            _csrf: csrfOf(page.body),
            decision: 'allow',
            limit_tags: options.limit.tags,
            ...(options.limit.readOnly ? { read_only: 'yes' } : {}),
          },
        })
      : await consent(browser, page);
  }
  const tokens = await tokenRequest(
    server.url,
    {
      grant_type: 'authorization_code',
      code: callbackParams(page).get('code')!,
      redirect_uri: redirectUri,
      code_verifier: verifier.verifier,
    },
    client,
  );
  expect(tokens.status).toBe(200);
  return String(tokens.body.access_token);
}

async function party(name: string, user: ResourceUser, mcpToken: string, restToken?: string) {
  const token = restToken ?? user.accessToken;
  const mcp = new Client({ name: `isolation-${name}`, version: '1.0.0' });
  await mcp.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${mcpToken}` } },
    }),
  );
  parties[name] = {
    name,
    username: user.username,
    mcp,
    rest: (path, init = {}) =>
      fetch(`${server.url}${path}`, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      }),
  };
}

async function registerApp(): Promise<{ id: string }> {
  const registration = await fetch(`${server.url}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Work assistant',
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  expect(registration.status).toBe(201);
  return { id: ((await registration.json()) as { client_id: string }).client_id };
}

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function tool(who: Party, name: string, args: Record<string, unknown>) {
  const result = await who.mcp.callTool({ name, arguments: args });
  return result as {
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
    content: { text?: string }[];
  };
}

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  owner = await resourceUser(server, { prefix: 'picard' });
  const others = {
    reader: await resourceUser(server, { prefix: 'riker' }),
    member: await resourceUser(server, { prefix: 'troi' }),
    removed: await resourceUser(server, { prefix: 'worf' }),
    stranger: await resourceUser(server, { prefix: 'data' }),
  };
  await party('owner', owner, await authorizeAgain(owner.browser, { resource: 'mcp' }));
  for (const [name, user] of Object.entries(others)) {
    await party(name, user, await authorizeAgain(user.browser, { resource: 'mcp' }));
  }
  // The owner connects a second application, limited to "work" on the consent page.
  const app = await registerApp();
  const limitedRest = await authorizeAgain(owner.browser, {
    resource: 'api',
    client: app,
    redirectUri: APP_REDIRECT,
    limit: { tags: 'work' },
  });
  // Native applications are asked every time (RFC 8252 §8.6); the page keeps the limit.
  const limitedMcp = await authorizeAgain(owner.browser, {
    resource: 'mcp',
    client: app,
    redirectUri: APP_REDIRECT,
    limit: { tags: 'work' },
    expectPrefilled: 'work',
  });
  await party('limited', owner, limitedMcp, limitedRest);

  const create = async (text: string, permission: string, tags: string[]) => {
    const res = await parties.owner!.rest('/api/v1/memories', {
      json: { text, permission, tags },
    });
    expect(res.status).toBe(201);
    return (await json<{ id: string }>(res)).id;
  };
  ids.secret = await create('The captain prefers Earl Grey tea, hot', 'private', ['home']);
  ids.public = await create('The captain plays the Ressikan flute', 'public', ['home']);
  ids.direct = await create('The captain dislikes children on the bridge', 'private', ['home']);
  ids.team = await create('The away team meets at 0900 in the observation lounge', 'private', [
    'work',
  ]);
  ids.work = await create('The warp core inspection is due on stardate 47000', 'private', ['work']);

  const group = await parties.owner!.rest('/api/v1/groups', {
    json: { name: 'Senior staff', members: [others.member.username, others.removed.username] },
  });
  expect(group.status).toBe(201);
  crewId = (await json<{ items: { id: string }[] }>(group)).items[0]!.id;
  const direct = await parties.owner!.rest(`/api/v1/memories/${ids.direct}/sharing`, {
    method: 'PUT',
    json: { users: [others.reader.username] },
  });
  expect(direct.status).toBe(200);
  const team = await tool(parties.owner!, 'share_memory', {
    memory_id: ids.team,
    groups: [crewId],
  });
  expect(team.isError).toBeUndefined();
  // Membership changes apply at read time: worf was in the group when it was shared.
  const removal = await parties.owner!.rest(`/api/v1/groups/${crewId}`, {
    method: 'PATCH',
    json: { removeMembers: [others.removed.username] },
  });
  expect(removal.status).toBe(200);
});

afterAll(async () => {
  await Promise.all(Object.values(parties).map((p) => p.mcp.close()));
  await server.close();
  await test.drop();
});

/** What each party may read of the owner's memories. */
const READABLE: Record<string, string[]> = {
  owner: ['secret', 'public', 'direct', 'team', 'work'],
  reader: ['public', 'direct'],
  member: ['public', 'team'],
  removed: ['public'],
  stranger: ['public'],
  limited: ['team', 'work'],
};
const ALL = ['secret', 'public', 'direct', 'team', 'work'];
const names = Object.keys(READABLE);

describe('who reads what, on REST and MCP', () => {
  it.each(names)(
    '%s: get answers each memory or "not found", exactly like a missing one',
    async (name) => {
      const who = parties[name]!;
      const missingRest = await who.rest(`/api/v1/memories/${MISSING}`);
      const missingBody = await missingRest.text();
      const missingMcp = await tool(who, 'get_memory', { memory_id: MISSING });
      for (const key of ALL) {
        const rest = await who.rest(`/api/v1/memories/${ids[key]}`);
        const mcp = await tool(who, 'get_memory', { memory_id: ids[key] });
        if (READABLE[name]!.includes(key)) {
          expect([key, rest.status, mcp.isError]).toEqual([key, 200, undefined]);
        } else {
          expect([key, rest.status]).toEqual([key, 404]);
          expect((await rest.text()).replace(ids[key]!, MISSING)).toBe(missingBody);
          expect([key, mcp.isError, mcp.content]).toEqual([key, true, missingMcp.content]);
        }
      }
    },
  );

  it.each(names)(
    '%s: lists and searches hold only what it may read, scores and counts included',
    async (name) => {
      const who = parties[name]!;
      const allowed = READABLE[name]!.map((key) => ids[key]!).sort();
      const seen = new Set<string>();
      for (const scope of ['own', 'shared', 'all']) {
        const list = await json<{ items: { id: string }[] }>(
          await who.rest(`/api/v1/memories?scope=${scope}&limit=100`),
        );
        const mcpList = await tool(who, 'retrieve_memories', { scope, limit: 100 });
        const search = await json<{ results: { memory: { id: string } }[] }>(
          await who.rest('/api/v1/memories/search', {
            json: { query: 'the captain', scope, minSimilarity: -1, limit: 100 },
          }),
        );
        const mcpSearch = await tool(who, 'query_memory', {
          query: 'the captain',
          scope,
          min_similarity: -1,
          limit: 100,
        });
        const listed = list.items.map((item) => item.id);
        const found = search.results.map((hit) => hit.memory.id);
        expect(
          (mcpList.structuredContent as { items: { id: string }[] }).items.map((i) => i.id),
        ).toEqual(listed);
        expect(
          (mcpSearch.structuredContent as { results: { memory: { id: string } }[] }).results.map(
            (hit) => hit.memory.id,
          ),
        ).toEqual(found);
        // Lists and searches agree: the counts are the same set.
        expect([...found].sort()).toEqual([...listed].sort());
        for (const id of listed) seen.add(id);
      }
      const ownersMemories = [...seen].filter((id) => Object.values(ids).includes(id));
      const expected =
        name === 'owner' || name === 'limited'
          ? allowed
          : allowed.filter((id) => id !== ids.public);
      expect(ownersMemories.sort()).toEqual(expected);
      // A named user: public ones and those shared with the reader.
      const byName = await json<{ items: { id: string }[] }>(
        await who.rest(`/api/v1/memories?username=${owner.username}&limit=100`),
      );
      expect(byName.items.map((item) => item.id).sort()).toEqual(allowed);
      const searchByName = await json<{ results: { memory: { id: string } }[] }>(
        await who.rest('/api/v1/memories/search', {
          json: { query: 'captain', username: owner.username, minSimilarity: -1, limit: 100 },
        }),
      );
      expect(searchByName.results.map((hit) => hit.memory.id).sort()).toEqual(allowed);
    },
  );

  it.each(names)(
    '%s: keyword and vector rankings, and the keyword counts, keep to the same rule',
    async (name) => {
      const who = parties[name]!;
      const allowed = READABLE[name]!.map((key) => ids[key]!);
      // "captain" is in secret, public and direct: exact words through each owner's keyed hashes.
      const withWord = ['secret', 'public', 'direct'].map((key) => ids[key]!);
      for (const mode of ['keyword', 'vector', 'hybrid']) {
        for (const scope of [{ scope: 'shared' }, { scope: 'all' }, { username: owner.username }]) {
          const body = (await (
            await who.rest('/api/v1/memories/search', {
              json: { query: 'captain', mode, limit: 100, ...scope },
            })
          ).json()) as { results: { memory: { id: string }; keyword: { matchedTerms: number } }[] };
          for (const hit of body.results)
            expect([mode, allowed]).toEqual([mode, expect.arrayContaining([hit.memory.id])]);
          if (mode === 'keyword' && 'username' in scope) {
            expect(body.results.map((hit) => hit.memory.id).sort()).toEqual(
              withWord.filter((id) => allowed.includes(id)).sort(),
            );
          }
        }
      }
      // Shared with me by keyword: the owner's hashes are used for what they shared.
      if (name === 'reader') {
        const shared = (await (
          await who.rest('/api/v1/memories/search', {
            json: { query: 'captain bridge', mode: 'keyword', scope: 'shared' },
          })
        ).json()) as { results: { memory: { id: string }; ownerUsername: string }[] };
        expect(shared.results.map((hit) => hit.memory.id)).toEqual([ids.direct]);
        expect(shared.results[0]!.ownerUsername).toBe(owner.username);
      }
    },
  );

  it.each(names)('%s: the HNSW path applies the same rule as the exact scan', async (name) => {
    const indexed = await createTestStore(test.db, { exactScanMax: 0 });
    const userId = (
      await test.db.prisma.user.findUniqueOrThrow({ where: { username: owner.username } })
    ).id;
    const who = parties[name]!;
    const readerId = (
      await test.db.prisma.user.findUniqueOrThrow({ where: { username: who.username } })
    ).id;
    const actor = name === 'limited' ? { userId, tags: ['work'] } : readerId;
    const hits = await indexed.search.search(actor, {
      query: 'the captain',
      username: owner.username,
      // The vector ranking alone: the walk's test of each memory it visits.
      mode: 'vector',
      minSimilarity: -1,
      limit: 100,
    });
    expect(hits.map((hit) => hit.memory.id).sort()).toEqual(
      READABLE[name]!.map((key) => ids[key]!).sort(),
    );
  });

  it.each(names)('%s: persona answers cite only what it may read', async (name) => {
    const who = parties[name]!;
    const allowed = READABLE[name]!.map((key) => ids[key]!);
    const rest = await json<{ citations: { memory: { id: string } }[] }>(
      await who.rest(`/api/v1/users/${owner.username}/persona`, {
        json: { question: 'What does the captain like and dislike?' },
      }),
    );
    const mcp = await tool(who, 'query_user', {
      username: owner.username,
      question: 'What does the captain like and dislike?',
    });
    const cited = [
      ...rest.citations,
      ...(mcp.structuredContent as { citations: { memory: { id: string } }[] }).citations,
    ].map((hit) => hit.memory.id);
    for (const id of cited) expect(allowed).toContain(id);
  });

  it.each(names)('%s: MCP resources read only what it may read', async (name) => {
    const who = parties[name]!;
    const allowed = READABLE[name]!.map((key) => ids[key]!).sort();
    const page = await who.mcp.readResource({ uri: `users://${owner.username}/memories` });
    const items = JSON.parse(String((page.contents[0] as { text: string }).text)) as {
      items: { id: string }[];
    };
    expect(items.items.map((item) => item.id).sort()).toEqual(allowed);
    for (const key of ALL) {
      const read = who.mcp.readResource({ uri: `memories://${ids[key]}` });
      if (READABLE[name]!.includes(key)) await expect(read).resolves.toBeDefined();
      else await expect(read).rejects.toThrow(/not found/i);
    }
  });

  it.each(names.filter((name) => name !== 'owner' && name !== 'limited'))(
    '%s: history, sharing and changes stay the owner’s',
    async (name) => {
      const who = parties[name]!;
      for (const key of ALL) {
        const id = ids[key]!;
        for (const [method, path, body] of [
          ['GET', `/api/v1/memories/${id}/history`, undefined],
          ['GET', `/api/v1/memories/${id}/sharing`, undefined],
          ['GET', `/api/v1/memories/${id}/reads`, undefined],
          ['PUT', `/api/v1/memories/${id}/sharing`, { users: [who.username] }],
          ['PATCH', `/api/v1/memories/${id}`, { text: 'Changed' }],
          ['DELETE', `/api/v1/memories/${id}`, undefined],
        ] as const) {
          const res = await who.rest(path, { method, json: body });
          expect([key, method, path.split('/').pop(), res.status]).toEqual([
            key,
            method,
            path.split('/').pop(),
            404,
          ]);
        }
        const mcp = await tool(who, 'share_memory', { memory_id: id, users: [who.username] });
        expect(mcp.isError).toBe(true);
        const history = await tool(who, 'get_memory_history', { memory_id: id });
        expect(history.isError).toBe(true);
      }
    },
  );
});

describe('owners see who a memory is shared with and who read it', () => {
  it('lists users and groups, and reads from the audit log', async () => {
    const sharing = await json(await parties.owner!.rest(`/api/v1/memories/${ids.direct}/sharing`));
    expect(sharing).toEqual({
      memoryId: ids.direct,
      permission: 'shared',
      users: [parties.reader!.username],
      groups: [],
    });
    await parties.reader!.rest(`/api/v1/memories/${ids.direct}`);
    await server.audit.flush();
    const reads = await json<{ items: { username: string; action: string }[] }>(
      await parties.owner!.rest(`/api/v1/memories/${ids.direct}/reads`),
    );
    expect(reads.items).toContainEqual(
      expect.objectContaining({ username: parties.reader!.username, action: 'memory.read' }),
    );
    expect(reads.items.map((read) => read.username)).not.toContain(parties.owner!.username);
  });
});

describe('changes apply on the next request', () => {
  it('withdrawing sharing hides the memory at once; sharing again shows it', async () => {
    const reader = parties.reader!;
    expect((await reader.rest(`/api/v1/memories/${ids.direct}`)).status).toBe(200);
    const withdrawn = await tool(parties.owner!, 'share_memory', { memory_id: ids.direct });
    expect(withdrawn.structuredContent).toMatchObject({ permission: 'private', users: [] });
    expect((await reader.rest(`/api/v1/memories/${ids.direct}`)).status).toBe(404);
    const again = await parties.owner!.rest(`/api/v1/memories/${ids.direct}/sharing`, {
      method: 'PUT',
      json: { users: [reader.username] },
    });
    expect(again.status).toBe(200);
    expect((await reader.rest(`/api/v1/memories/${ids.direct}`)).status).toBe(200);
  });

  it('a member added later sees what was shared before; one who leaves no longer does', async () => {
    const removed = parties.removed!;
    expect((await removed.rest(`/api/v1/memories/${ids.team}`)).status).toBe(404);
    const added = await tool(parties.owner!, 'manage_group', {
      action: 'add_members',
      group_id: crewId,
      members: [removed.username],
    });
    expect(added.isError).toBeUndefined();
    expect((await removed.rest(`/api/v1/memories/${ids.team}`)).status).toBe(200);
    // A member sees the group and its members, and may leave it.
    const groups = await json<{ items: { name: string; members: string[] }[] }>(
      await removed.rest('/api/v1/groups'),
    );
    expect(groups.items[0]).toMatchObject({ name: 'Senior staff' });
    expect(groups.items[0]!.members).toContain(parties.member!.username);
    const left = await tool(removed, 'manage_group', { action: 'leave', group_id: crewId });
    expect(left.structuredContent).toEqual({ items: [] });
    expect((await removed.rest(`/api/v1/memories/${ids.team}`)).status).toBe(404);
    // Members cannot change the group; strangers cannot see it.
    const rename = await parties.member!.rest(`/api/v1/groups/${crewId}`, {
      method: 'PATCH',
      json: { name: 'Mine now' },
    });
    expect(rename.status).toBe(403);
    const stranger = await parties.stranger!.rest(`/api/v1/groups/${crewId}`, {
      method: 'PATCH',
      json: { name: 'Mine now' },
    });
    expect(stranger.status).toBe(404);
  });
});

describe('export', () => {
  it.each(names)('%s: exports its own memories only, within its tags', async (name) => {
    const who = parties[name]!;
    const res = await who.rest('/api/v1/me/export?format=jsonl');
    expect(res.status).toBe(200);
    const exported = (await res.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type?: string; id?: string })
      .filter((line) => line.type === 'memory')
      .map((line) => line.id!);
    const own = name === 'owner' ? ALL : name === 'limited' ? ['team', 'work'] : [];
    for (const key of ALL) {
      expect([key, exported.includes(ids[key]!)]).toEqual([key, own.includes(key)]);
    }
  });
});

describe('an application limited to "work"', () => {
  it('writes get its tags, and it cannot move a memory out of them', async () => {
    const limited = parties.limited!;
    const created = await json<{ id: string; tags: string[] }>(
      await limited.rest('/api/v1/memories', {
        json: { text: 'Shuttle bay 2 is closed', tags: ['ops'] },
      }),
    );
    expect(created.tags.sort()).toEqual(['ops', 'work']);
    const moved = await json<{ tags: string[] }>(
      await limited.rest(`/api/v1/memories/${created.id}`, {
        method: 'PATCH',
        json: { tags: ['home'] },
      }),
    );
    expect(moved.tags.sort()).toEqual(['home', 'work']);
    const mcp = await tool(limited, 'submit_memory', { text: 'Deck 9 refit on Tuesday' });
    expect((mcp.structuredContent as { tags: string[] }).tags).toEqual(['work']);
  });

  it('cannot escape its tags through a filter, a cursor or an id', async () => {
    const limited = parties.limited!;
    for (const query of [
      'tag=home',
      'permission=public',
      `username=${owner.username}`,
      'scope=all',
    ]) {
      const page = await json<{ items: { tags: string[] }[] }>(
        await limited.rest(`/api/v1/memories?${query}&limit=100`),
      );
      for (const item of page.items) expect(item.tags).toContain('work');
    }
    const search = await json<{ results: { memory: { tags: string[] } }[] }>(
      await limited.rest('/api/v1/memories/search', {
        json: { query: 'captain', tags: ['home'], minSimilarity: -1 },
      }),
    );
    // Only what carries both: the home-only memories stay out of reach.
    for (const hit of search.results) expect(hit.memory.tags).toContain('work');
    // Page through one at a time: every page stays within the tag.
    let cursor: string | null = null;
    const pages: string[][] = [];
    do {
      const page: { items: { id: string; tags: string[] }[]; nextCursor: string | null } =
        await json(
          await limited.rest(`/api/v1/memories?limit=1${cursor ? `&cursor=${cursor}` : ''}`),
        );
      pages.push(page.items.flatMap((item) => item.tags));
      cursor = page.nextCursor;
    } while (cursor);
    for (const tags of pages) expect(tags).toContain('work');
    for (const key of ['secret', 'public', 'direct']) {
      for (const [method, path, body] of [
        ['GET', `/api/v1/memories/${ids[key]}`, undefined],
        ['PATCH', `/api/v1/memories/${ids[key]}`, { text: 'Changed' }],
        ['PUT', `/api/v1/memories/${ids[key]}/sharing`, { users: [] }],
        ['GET', `/api/v1/memories/${ids[key]}/history`, undefined],
        ['DELETE', `/api/v1/memories/${ids[key]}`, undefined],
      ] as const) {
        expect([key, method, (await limited.rest(path, { method, json: body })).status]).toEqual([
          key,
          method,
          404,
        ]);
      }
    }
    // Groups decide who reads any memory: a limited application cannot change them.
    const group = await tool(limited, 'manage_group', { action: 'create', name: 'Escape' });
    expect(group.isError).toBe(true);
    expect((await limited.rest('/api/v1/groups', { json: { name: 'Escape' } })).status).toBe(403);
    // Its summary counts only its memories.
    const summary = await json<{ total: number }>(await limited.rest('/api/v1/me/summary'));
    const everything = await json<{ total: number }>(
      await parties.owner!.rest('/api/v1/me/summary'),
    );
    expect(summary.total).toBeLessThan(everything.total);
    // Imported memories keep their file's tags, so a limited application may not import.
    const before = await test.db.prisma.memory.count();
    const imported = await limited.rest('/api/v1/me/imports', {
      json: { content: 'Shore leave on Risa', format: 'text' },
    });
    expect(imported.status).toBe(403);
    expect(await json(imported)).toMatchObject({
      detail: 'This application is limited to some tags and cannot import memories.',
    });
    expect(await test.db.prisma.memory.count()).toBe(before);
  });
});

describe('the audit log of an application limited to "work"', () => {
  it('names only memories within its tags, and leaves out entries about others', async () => {
    const limited = parties.limited!;
    const outside = ['secret', 'public', 'direct'].map((key) => ids[key]!);
    // Reads through the owner's unlimited application, and the limited one's refused tries.
    for (const key of ['secret', 'public', 'work']) {
      expect((await parties.owner!.rest(`/api/v1/memories/${ids[key]}`)).status).toBe(200);
    }
    expect((await limited.rest(`/api/v1/memories/${ids.secret}`)).status).toBe(404);
    await server.audit.flush();
    type AuditPage = {
      items: { action: string; memoryIds: string[] }[];
      nextCursor: string | null;
    };
    const everything = await json<AuditPage>(
      await parties.owner!.rest('/api/v1/me/audit?limit=100'),
    );
    expect(everything.items.flatMap((entry) => entry.memoryIds)).toEqual(
      expect.arrayContaining([ids.secret, ids.public, ids.work]),
    );
    // Every page, through its cursor, stays within the tag.
    const seen: string[] = [];
    let cursor: string | null = null;
    let actions = 0;
    do {
      const page: AuditPage = await json(
        await limited.rest(`/api/v1/me/audit?limit=5${cursor ? `&cursor=${cursor}` : ''}`),
      );
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.flatMap((entry) => entry.memoryIds));
      actions += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(actions).toBeGreaterThan(0);
    expect(seen).toEqual(expect.arrayContaining([ids.work, ids.team]));
    for (const id of outside) expect([id, seen.includes(id)]).toEqual([id, false]);
    // Asking for one memory outside its tags finds nothing, like a memory never touched.
    const asked = await json<AuditPage>(
      await limited.rest(`/api/v1/me/audit?memoryId=${ids.secret}`),
    );
    expect(asked).toEqual({ items: [], nextCursor: null });
  });
});

describe('completions', () => {
  it('suggest a username once that person has shared something with you, not before', async () => {
    const reader = parties.reader!;
    const stranger = parties.stranger!;
    const suggestions = async () =>
      (
        await stranger.mcp.complete({
          ref: { type: 'ref/prompt', name: 'persona' },
          argument: { name: 'username', value: reader.username.slice(0, 8) },
        })
      ).completion.values;
    // The reader has no public memory: nothing to suggest to a stranger yet.
    expect(await suggestions()).not.toContain(reader.username);
    const created = await reader.rest('/api/v1/memories', {
      json: { text: 'Poker night is on Thursdays', permission: 'private' },
    });
    const { id } = await json<{ id: string }>(created);
    const shared = await reader.rest(`/api/v1/memories/${id}/sharing`, {
      method: 'PUT',
      json: { users: [stranger.username] },
    });
    expect(shared.status).toBe(200);
    expect(await suggestions()).toContain(reader.username);
  });
});

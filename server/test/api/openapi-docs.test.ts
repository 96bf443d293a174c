import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshotPath } from '../../../test/support/chromium.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

let test: TestDatabase;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  test = await createTestDatabase();
  server = await startTestServer(test.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
  await server.close();
  await test.drop();
});

/** Every operation the REST router answers; the document must describe each one. */
const OPERATIONS = [
  'get /api/v1/me',
  'get /api/v1/me/audit',
  'get /api/v1/me/summary',
  'post /api/v1/memories',
  'get /api/v1/memories',
  'post /api/v1/memories/search',
  'get /api/v1/memories/{memoryId}',
  'patch /api/v1/memories/{memoryId}',
  'delete /api/v1/memories/{memoryId}',
  'put /api/v1/memories/{memoryId}/permission',
  'get /api/v1/memories/{memoryId}/history',
  'post /api/v1/users/{username}/persona',
  'get /api/v1/memories/{memoryId}/sharing',
  'put /api/v1/memories/{memoryId}/sharing',
  'get /api/v1/memories/{memoryId}/reads',
  'get /api/v1/groups',
  'post /api/v1/groups',
  'patch /api/v1/groups/{groupId}',
  'post /api/v1/groups/{groupId}/leave',
  'delete /api/v1/groups/{groupId}',
  'get /api/v1/me/export',
  'post /api/v1/me/imports',
  'get /api/v1/me/imports/{importId}',
  'get /api/v1/admin/users',
  'post /api/v1/admin/users/{username}/suspend',
  'post /api/v1/admin/users/{username}/restore',
  'post /api/v1/admin/users/{username}/sign-out',
  'delete /api/v1/admin/users/{username}',
  'post /api/v1/admin/users/{username}/password-reset',
  'get /api/v1/admin/clients',
  'post /api/v1/admin/clients',
  'post /api/v1/admin/clients/{clientId}/revoke-grants',
  'delete /api/v1/admin/clients/{clientId}',
  'post /api/v1/admin/invitations',
  'get /api/v1/admin/audit',
];

describe('the OpenAPI document and /docs', () => {
  it('describes every operation, with its scope, responses and resolvable references', async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    const document = (await res.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { security?: unknown; responses?: object }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: server.url }]);
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method} ${path}`),
    );
    expect(described.sort()).toEqual([...OPERATIONS].sort());
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (method === 'parameters') continue;
        expect([path, method, operation.security]).toEqual([path, method, expect.any(Array)]);
        expect(Object.keys(operation.responses ?? {})).toContain('401');
      }
    }
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)];
    for (const [, name] of refs)
      expect([name, document.components.schemas[name!]]).toEqual([name, expect.any(Object)]);
    // Request bodies come from the domain's rules, dates as date-times.
    const create = document.paths['/api/v1/memories']!.post as unknown as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
    };
    // Limits are stated in the schema itself, not only in prose.
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      required: ['text'],
      additionalProperties: false,
      properties: {
        text: { type: 'string', maxLength: 10_000 },
        tags: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 50 } },
        expiresAt: { anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }] },
      },
    });
    // A streamed export is described by its media types, not as JSON.
    const exported = document.paths['/api/v1/me/export']!.get as unknown as {
      responses: { 200: { content: Record<string, unknown> } };
    };
    expect(Object.keys(exported.responses[200].content).sort()).toEqual([
      'application/jsonl',
      'text/markdown',
    ]);
    // Responses name what they always carry.
    expect(document.components.schemas.Memory).toMatchObject({
      required: expect.arrayContaining(['id', 'text', 'permission', 'createdAt', 'version']),
    });
  });

  it.each([
    '/docs/assets/no-such-file.js',
    '/docs/assets/..%2f..%2fpackage.json',
    '/docs/assets/%2e%2e/%2e%2e/package.json',
  ])('answers %s with a plain 404 that names no file path', async (path) => {
    const response = await fetch(`${server.url}${path}`);
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).not.toMatch(/node_modules|swagger-ui-dist|\/work\/|ENOENT/);
  });

  it('/docs renders the interactive documentation in a real browser under the strict CSP', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`);
    });
    const response = await page.goto(`${server.url}/docs`);
    expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self'/);
    await page.getByText('/api/v1/memories/search').waitFor();
    expect(await page.locator('.opblock').count()).toBe(OPERATIONS.length);
    await page.screenshot({ path: screenshotPath('api-docs'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});

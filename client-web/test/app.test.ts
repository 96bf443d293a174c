import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { ClientConfigError, loadClientConfig } from '../src/config.js';
import { signUpOverHttp, startSystem, type TestSystem } from '../../test/support/system.js';
import { csrfOf } from '../../scripts/lib/browser.js';

describe('web client configuration', () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'picard-web-config-'));

  it('needs nothing in development: port 8000, server at localhost:8001, a generated session secret', () => {
    const config = loadClientConfig({}, { cwd });
    expect(config).toMatchObject({
      port: 8000,
      publicUrl: 'http://localhost:8000',
      serverUrl: 'http://localhost:8001',
      oauth: {
        clientId: 'picard-web',
        clientSecret: undefined,
        redirectUri: 'http://localhost:8000/auth/callback',
        secretsFile: path.join(cwd, '.data', 'secrets.json'),
      },
    });
    const file = path.join(cwd, '.data', 'client-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Reused, so sessions survive restarts.
    expect(loadClientConfig({}, { cwd }).session.secret).toBe(config.session.secret);
  });

  it.each([
    [{ CLIENT_PORT: '-1' }, 'CLIENT_PORT'],
    [{ CLIENT_SERVER_URL: 'localhost:8001' }, 'CLIENT_SERVER_URL'],
    [{ NODE_ENV: 'production' }, 'CLIENT_PUBLIC_URL'],
    [{ NODE_ENV: 'production', CLIENT_PUBLIC_URL: 'https://web.example' }, 'OAUTH_CLIENT_SECRET'],
    [
      {
        NODE_ENV: 'production',
        CLIENT_PUBLIC_URL: 'https://web.example',
        OAUTH_CLIENT_SECRET: randomBytes(32).toString('base64url'),
      },
      'CLIENT_SESSION_SECRET',
    ],
    [{ CLIENT_DATABASE_URL: 'mysql://x' }, 'CLIENT_DATABASE_URL'],
    [
      {
        NODE_ENV: 'production',
        CLIENT_PUBLIC_URL: 'https://web.example',
        OAUTH_CLIENT_SECRET: 'x'.repeat(40),
      },
      'OAUTH_CLIENT_SECRET',
    ],
    [
      {
        NODE_ENV: 'production',
        CLIENT_PUBLIC_URL: 'https://web.example',
        OAUTH_CLIENT_SECRET: randomBytes(32).toString('base64url'),
        CLIENT_SESSION_SECRET: 'secretsecretsecretsecretsecret12'.repeat(2),
      },
      'CLIENT_SESSION_SECRET',
    ],
    [
      {
        NODE_ENV: 'production',
        CLIENT_PUBLIC_URL: 'https://web.example',
        CLIENT_TRUST_PROXY: 'true',
      },
      'CLIENT_TRUST_PROXY',
    ],
    [{ NODE_ENV: 'production', CLIENT_PUBLIC_URL: 'http://web.example' }, 'CLIENT_PUBLIC_URL'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadClientConfig(env, { cwd })).toThrow(ClientConfigError);
    expect(() => loadClientConfig(env, { cwd })).toThrow(new RegExp(`^${variable} `));
  });

  it('in production: https (or http on localhost), Render’s URL as a default, an internal server address', () => {
    const secrets = {
      NODE_ENV: 'production',
      OAUTH_CLIENT_SECRET: randomBytes(32).toString('base64url'),
      CLIENT_SESSION_SECRET: randomBytes(32).toString('base64url'),
    };
    const render = loadClientConfig(
      {
        ...secrets,
        RENDER_EXTERNAL_URL: 'https://picard-web.onrender.com',
        CLIENT_SERVER_URL: 'https://picard-server.onrender.com',
      },
      { cwd },
    );
    expect(render).toMatchObject({
      publicUrl: 'https://picard-web.onrender.com',
      secureTransport: true,
      serverUrl: 'https://picard-server.onrender.com',
      serverInternalUrl: 'https://picard-server.onrender.com',
    });
    const compose = loadClientConfig(
      {
        ...secrets,
        CLIENT_PUBLIC_URL: 'http://localhost:8000',
        CLIENT_SERVER_URL: 'http://localhost:8001',
        CLIENT_SERVER_INTERNAL_URL: 'http://server:8001',
      },
      { cwd },
    );
    expect(compose).toMatchObject({
      secureTransport: false,
      serverUrl: 'http://localhost:8001',
      serverInternalUrl: 'http://server:8001',
    });
  });
});

describe('web client routes, against a real server', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.close());

  it('GET /health answers 200; the landing page offers sign-in and sign-up under a strict CSP', async () => {
    expect((await request(system.clientUrl).get('/health')).body).toEqual({ status: 'ok' });
    const res = await request(system.clientUrl).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('href="/login"');
    expect(res.text).toContain('href="/signup"');
    expect(res.headers['content-security-policy']).toContain("script-src 'none'");
    expect(res.text).not.toMatch(/<script/);
  });

  it('a tag filter the API refuses gets a friendly 400 page, not a server error', async () => {
    const { client } = await signUpOverHttp(system, 'troi');
    const page = await client.request(`/memories?tag=${'x'.repeat(51)}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('That filter cannot be used');
    expect(page.body).toContain('href="/memories"');
  });

  it("a memory stored with a far-future expiry shows the API's clamped date everywhere", async () => {
    // Stored before dates were limited to years 0001–9999 (issue 13): the
    // API presents it as the end of 9999, and every page of it renders.
    const { client } = await signUpOverHttp(system, 'barclay');
    const form = await client.request('/memories/new');
    const saved = await client.request('/memories', {
      form: {
        _csrf: csrfOf(form.body),
        text: 'Reg keeps a holodeck program',
        permission: 'private',
        tags: '',
        expires: '2031-05-01',
      },
    });
    expect(saved.status).toBe(303);
    const memoryPage = new URL(saved.location!, system.clientUrl).pathname;
    const id = memoryPage.split('/').pop()!;
    await system.database.db.sql.query(
      `UPDATE memories SET expires_at = '10000-01-01T00:00:00Z'::timestamptz WHERE id = $1`,
      [id],
    );
    for (const page of ['/memories', memoryPage]) {
      const shown = await client.request(page);
      expect([page, shown.status]).toEqual([page, 200]);
      expect(shown.body).toContain('Reg keeps a holodeck program');
      expect(shown.body).toContain('forgotten <time datetime="9999-12-31T23:59:59.999Z"');
    }
    const edit = await client.request(`${memoryPage}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.body).toContain('value="9999-12-31"');
  });

  it('pages need a signed-in user: they send you to sign in', async () => {
    const res = await request(system.clientUrl).get('/memories');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/login');
  });

  it('/login starts the authorization code flow with PKCE S256, state, nonce and the API resource', async () => {
    const res = await request(system.clientUrl).get('/signup');
    expect(res.status).toBe(303);
    const url = new URL(res.headers.location!);
    expect(`${url.origin}${url.pathname}`).toBe(`${system.server.url}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'picard-web',
      redirect_uri: `${system.clientUrl}/auth/callback`,
      scope: 'openid profile email offline_access memories:read memories:write',
      resource: `${system.server.url}/api`,
      code_challenge_method: 'S256',
      state: expect.any(String),
      nonce: expect.any(String),
      screen_hint: 'signup',
    });
    expect(res.headers['set-cookie']?.[0]).toMatch(/^picard-web\.sid=.*HttpOnly; SameSite=Lax/);
  });

  it('a callback with a tampered state is refused, and one without a pending sign-in too', async () => {
    const agent = request.agent(system.clientUrl);
    const start = await agent.get('/login');
    const state = new URL(start.headers.location!).searchParams.get('state');
    const tampered = await agent.get(`/auth/callback?code=abc&state=${state}x`);
    expect(tampered.status).toBe(400);
    expect(tampered.text).toMatch(/could not be verified/);
    const stale = await request(system.clientUrl).get(`/auth/callback?code=abc&state=${state}`);
    expect(stale.status).toBe(400);
    expect(stale.text).toMatch(/expired or was already used/);
  });

  it('access_denied from the authorization server lands on a friendly page with a way back', async () => {
    const agent = request.agent(system.clientUrl);
    const start = await agent.get('/login');
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const res = await agent.get(
      `/auth/callback?error=access_denied&error_description=End-User+aborted&state=${state}&iss=${encodeURIComponent(system.server.url)}`,
    );
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/You did not allow access/);
    expect(res.text).toContain('href="/"');
  });

  it('a form without its CSRF token is refused', async () => {
    const res = await request(system.clientUrl).post('/logout').type('form').send({});
    expect(res.status).toBe(403);
  });
});

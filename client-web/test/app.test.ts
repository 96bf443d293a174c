import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createClientApp } from '../src/app.js';
import { ClientConfigError, loadClientConfig } from '../src/config.js';

describe('web client configuration', () => {
  it('needs nothing in development: port 8000, server at localhost:8001', () => {
    expect(loadClientConfig({})).toMatchObject({
      port: 8000,
      publicUrl: 'http://localhost:8000',
      serverUrl: 'http://localhost:8001',
    });
  });

  it.each([
    [{ CLIENT_PORT: '-1' }, 'CLIENT_PORT'],
    [{ CLIENT_SERVER_URL: 'localhost:8001' }, 'CLIENT_SERVER_URL'],
    [{ NODE_ENV: 'production' }, 'CLIENT_PUBLIC_URL'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadClientConfig(env)).toThrow(ClientConfigError);
    expect(() => loadClientConfig(env)).toThrow(new RegExp(`^${variable} `));
  });
});

describe('web client app', () => {
  const app = createClientApp({ config: loadClientConfig({}) });

  it('GET /health answers 200', async () => {
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the landing page with security headers', async () => {
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Picard</h1>');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

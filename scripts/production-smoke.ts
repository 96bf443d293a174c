/**
 * `npm run smoke:production`: the production start path, as the images run it.
 * Starts the built server and web client (`npm run build` first) with
 * NODE_ENV=production, every secret from the environment, PostgreSQL from
 * DATABASE_URL (an empty database) and an empty working directory; waits for
 * both health checks; signs up through the web client and stores a memory
 * over HTTP; checks nothing was written to disk; stops both with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSecrets } from '../server/src/secrets.js';
import { actionOf, Browser, csrfOf } from './lib/browser.js';

const root = path.resolve(import.meta.dirname, '..');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must name an empty PostgreSQL database');
const serverPort = Number(process.env.SMOKE_SERVER_PORT ?? 18101);
const clientPort = Number(process.env.SMOKE_CLIENT_PORT ?? 18100);
// Public URLs as a browser on this machine sees them; the web client reaches
// the server on a different, "internal" address, as it does in docker compose.
const serverUrl = `http://localhost:${serverPort}`;
const clientUrl = `http://localhost:${clientPort}`;

const secrets = generateSecrets();
const shared = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  OAUTH_CLIENT_ID: 'picard-web',
  OAUTH_CLIENT_SECRET: secrets.oauthClientSecret,
};
const serverEnv = {
  ...shared,
  HOST: '0.0.0.0',
  PORT: String(serverPort),
  PUBLIC_URL: serverUrl,
  WEB_CLIENT_URL: clientUrl,
  DATABASE_URL: databaseUrl,
  COOKIE_KEYS: secrets.cookieKeys.join(','),
  MEMORY_ENCRYPTION_KEY: secrets.memoryEncryptionKey,
  OIDC_JWKS: JSON.stringify({ keys: secrets.jwks }),
};
const clientEnv = {
  ...shared,
  CLIENT_HOST: '0.0.0.0',
  CLIENT_PORT: String(clientPort),
  CLIENT_PUBLIC_URL: clientUrl,
  CLIENT_SERVER_URL: serverUrl,
  CLIENT_SERVER_INTERNAL_URL: `http://127.0.0.1:${serverPort}`,
  CLIENT_SESSION_SECRET: randomBytes(32).toString('base64url'),
  CLIENT_DATABASE_URL: databaseUrl,
};

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-production-'));
const logs: Record<string, string> = { server: '', 'client-web': '' };

function start(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, entry)], { cwd: workDir, env });
  child.stdout!.on('data', (chunk: Buffer) => (logs[name] += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (logs[name] += chunk.toString()));
  return child;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited (${child.exitCode})`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become healthy within 60 s`);
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function expectPage(condition: boolean, what: string, page: { status: number; url: string }) {
  if (!condition) throw new Error(`${what} (got ${page.status} at ${page.url})`);
}

async function roundTrip(): Promise<void> {
  const client = new Browser(clientUrl);
  const authServer = new Browser(serverUrl);
  const signup = await client.request('/signup');
  const register = await authServer.follow(signup.location!);
  expectPage(register.body.includes('Create'), 'the registration page', register);
  const consent = await authServer.follow(actionOf(register.body, '/register'), {
    form: {
      _csrf: csrfOf(register.body),
      username: 'smoke',
      email: 'smoke@example.com',
      password: 'a production smoke test',
    },
  });
  const callback = await authServer.follow(actionOf(consent.body, '/consent'), {
    form: { _csrf: csrfOf(consent.body), decision: 'allow' },
  });
  const dashboard = await client.follow(callback.location!);
  expectPage(dashboard.body.includes('Your memories'), 'the dashboard after sign-in', dashboard);

  const form = await client.request('/memories/new');
  const saved = await client.follow('/memories', {
    form: {
      _csrf: csrfOf(form.body),
      text: 'Tea, Earl Grey, hot',
      permission: 'private',
      tags: 'tea',
      expires: '',
    },
  });
  expectPage(
    saved.body.includes('Memory saved.') && saved.body.includes('Tea, Earl Grey, hot'),
    'the stored memory',
    saved,
  );
}

const server = start('server', 'server/dist/main.js', serverEnv);
const web = start('client-web', 'client-web/dist/main.js', clientEnv);
let failure: unknown;
try {
  await waitForHealth(`${serverUrl}/health/ready`, server);
  await waitForHealth(`${clientUrl}/health`, web);
  await roundTrip();
  const written = fs.readdirSync(workDir);
  if (written.length > 0) throw new Error(`production wrote to disk: ${written.join(', ')}`);
} catch (error) {
  failure = error;
}
const codes = [await stop(web), await stop(server)];
if (!failure && codes.some((code) => code !== 0)) {
  failure = new Error(`a process did not stop cleanly on SIGTERM (exit codes ${codes.join(', ')})`);
}
fs.rmSync(workDir, { recursive: true, force: true });
if (failure) {
  console.error(`production smoke run failed: ${(failure as Error).message}`);
  for (const [name, text] of Object.entries(logs)) console.error(`--- ${name} ---\n${text}`);
  process.exit(1);
}
console.log(
  'production smoke run: both apps healthy, signed up and stored a memory, nothing on disk, stopped cleanly',
);

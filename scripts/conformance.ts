/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance)
 * against the real server: starts Picard on an embedded database, signs a
 * user up for an MCP token, and puts a small proxy in front that adds the
 * bearer token (the suite's client sends none, and /mcp refuses requests
 * without one). Each scenario that applies to Picard runs; the ones that do
 * not apply are listed in README.md ("MCP conformance") with the reason.
 *
 * Needs Node 22 (the suite uses Node 22 APIs): `.ci/run` runs it so.
 * Usage: node --import tsx scripts/conformance.ts
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../server/src/config.js';
import { generateSecrets } from '../server/src/secrets.js';
import { resourceUser } from './lib/resource-users.js';
import { spawnApp } from './lib/spawn-app.js';

const SUITE = '@modelcontextprotocol/conformance@0.1.16';

/** The server scenarios that apply to Picard's features (README: "MCP conformance"). */
export const APPLICABLE_SCENARIOS = [
  'server-initialize',
  'ping',
  'tools-list',
  'resources-list',
  'prompts-list',
  'server-sse-multiple-streams',
  'dns-rebinding-protection',
];

const log = (message: string) => process.stdout.write(`[conformance] ${message}\n`);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A proxy to `target` that adds `Authorization: Bearer <token>` to every request. */
async function bearerProxy(target: string, token: string): Promise<http.Server> {
  const upstream = new URL(target);
  const proxy = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, authorization: `Bearer ${token}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return proxy;
}

function runScenario(url: string, scenario: string, outputDir: string) {
  return new Promise<{ ok: boolean; output: string }>((resolve) => {
    execFile(
      'npx',
      ['-y', SUITE, 'server', '--url', url, '--scenario', scenario, '-o', outputDir],
      { timeout: 180_000, maxBuffer: 8 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ ok: !error, output: `${stdout}${stderr}` }),
    );
  });
}

async function main() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-conformance-'));
  const secrets = generateSecrets();
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: url,
    DATA_DIR: dataDir,
    COOKIE_KEYS: secrets.cookieKeys.join(','),
    MEMORY_ENCRYPTION_KEY: secrets.memoryEncryptionKey,
    OIDC_JWKS: JSON.stringify({ keys: secrets.jwks }),
    OAUTH_CLIENT_SECRET: secrets.oauthClientSecret,
    LOG_LEVEL: 'warn',
  };
  const app = spawnApp('server/src/main.ts', env);
  let proxy: http.Server | undefined;
  let failed: string[] = [];
  try {
    await app.ready;
    const user = await resourceUser(
      { url, config: loadConfig(env) },
      {
        prefix: 'conformance',
        resource: 'mcp',
      },
    );
    proxy = await bearerProxy(url, user.accessToken);
    const mcpUrl = `http://localhost:${(proxy.address() as AddressInfo).port}/mcp`;
    const outputDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-conformance-results-'));
    for (const scenario of APPLICABLE_SCENARIOS) {
      const result = await runScenario(mcpUrl, scenario, outputDir);
      log(`${result.ok ? 'passed' : 'FAILED'}: ${scenario}`);
      if (!result.ok) {
        failed.push(scenario);
        process.stdout.write(result.output);
      }
    }
    const passed = APPLICABLE_SCENARIOS.length - failed.length;
    // The plain closing line CI reads.
    process.stdout.write(`conformance: ${passed} passed, ${failed.length} failed\n`);
  } catch (error) {
    failed = ['(set-up)'];
    process.stdout.write(
      `${error instanceof Error ? error.stack : String(error)}\n${app.output()}`,
    );
  } finally {
    proxy?.closeAllConnections();
    proxy?.close();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.exit(failed.length === 0 ? 0 : 1);
}

await main();

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { loadClientConfig } from '../client-web/src/config.js';
import { startSystem, type TestSystem } from './support/system.js';
import { loadConfig } from '../server/src/config.js';

/**
 * The deployment files checked against the apps' own config modules: each
 * service's environment, as docker compose or Render would build it, must
 * load in production, and the two apps must agree on each other's URLs.
 */

const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
// Production must not write anything here (no .data/).
const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-deploy-'));

/** The `.env` a person makes with `npm run -s secrets:generate > .env`. */
let dotEnvCache: Record<string, string> | undefined;
function generatedDotEnv(): Record<string, string> {
  if (dotEnvCache) return dotEnvCache;
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/generate-secrets.ts')],
    { cwd: root, encoding: 'utf8' },
  );
  dotEnvCache = Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => {
        const eq = line.indexOf('=');
        return [line.slice(0, eq), line.slice(eq + 1).replace(/^'(.*)'$/, '$1')];
      }),
  );
  return dotEnvCache;
}

let system: TestSystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system.close();
  fs.rmSync(cwd, { recursive: true, force: true });
});

/** GETs a health path on the real running app (server or web client). */
async function healthStatus(app: 'server' | 'client', pathname: string): Promise<number> {
  const base = app === 'server' ? system.server.url : system.clientUrl;
  return (await fetch(`${base}${pathname}`)).status;
}

describe('docker-compose.yml', () => {
  type Service = {
    image?: string;
    build?: { context: string; target: string };
    environment?: Record<string, string>;
    ports?: string[];
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
    profiles?: string[];
  };
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
  const { services } = compose;
  const dotEnv = generatedDotEnv();

  /** Compose's interpolation of ${VAR}, ${VAR:-default} and ${VAR:?error} from .env. */
  const interpolate = (value: string) =>
    value.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind, rest) => {
      if (dotEnv[name] !== undefined) return dotEnv[name]!;
      if (kind === '?')
        throw new Error(`${name} is required but secrets:generate does not print it`);
      return kind === '-' ? rest : '';
    });
  const environment = (name: string) =>
    Object.fromEntries(
      Object.entries(services[name]!.environment ?? {}).map(([key, value]) => [
        key,
        interpolate(String(value)),
      ]),
    );

  it('has the database, both apps and an optional Redis behind a profile', () => {
    expect(Object.keys(services).sort()).toEqual([
      'client-web',
      'db',
      'prometheus',
      'redis',
      'server',
    ]);
    expect(services.redis!.profiles).toEqual(['redis']);
  });

  it('has Prometheus behind the observability profile, scraping the server’s metrics listener', () => {
    expect(services.prometheus!.profiles).toEqual(['observability']);
    expect(services.prometheus!.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    const server = loadConfig(environment('server'), { cwd });
    expect(server.metrics).toMatchObject({ host: '0.0.0.0', port: 9464 });
    // Not published on the host: only Prometheus, on the compose network, reaches it.
    expect(services.server!.ports).toEqual(['8001:8001']);
    const prometheus = parse(read('deploy/prometheus.yml')) as {
      scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[];
    };
    expect(prometheus.scrape_configs).toEqual([
      expect.objectContaining({
        metrics_path: '/metrics',
        static_configs: [{ targets: [`server:${server.metrics.port}`] }],
      }),
    ]);
  });

  it('pins every image to a version, never latest; builds the apps from the Dockerfile’s stages', () => {
    for (const name of ['db', 'redis']) {
      expect(services[name]!.image).toMatch(/^[\w./-]+:\d[\w.-]*$/);
    }
    expect(services.db!.image).toMatch(/^pgvector\/pgvector:[\d.]+-pg17/);
    const stages = [...read('Dockerfile').matchAll(/^FROM \S+ AS (\S+)$/gm)].map((m) => m[1]);
    expect(services.server!.build).toEqual({ context: '.', target: 'server' });
    expect(services['client-web']!.build).toEqual({ context: '.', target: 'client-web' });
    expect(stages).toEqual(expect.arrayContaining(['server', 'client-web']));
  });

  it('gives each app every variable its production config requires, from a generated .env', () => {
    const server = loadConfig(environment('server'), { cwd });
    const client = loadClientConfig(environment('client-web'), { cwd });
    expect(server.env).toBe('production');
    expect(client.env).toBe('production');
    // The apps agree on each other: issuer, redirect URI, shared client secret, the database.
    expect(client.serverUrl).toBe(server.publicUrl);
    expect(server.oauth.webClient.redirectUris).toEqual([client.oauth.redirectUri]);
    expect(client.oauth.clientSecret).toBe(server.oauth.webClient.clientSecret);
    expect(client.oauth.clientId).toBe(server.oauth.webClient.clientId);
    const internal = new URL(client.serverInternalUrl);
    expect(internal.hostname).toBe('server');
    expect(Number(internal.port)).toBe(server.port);
    for (const url of [environment('server').DATABASE_URL!, client.session.databaseUrl!]) {
      expect(new URL(url).hostname).toBe('db');
    }
    expect(fs.readdirSync(cwd)).toEqual([]); // production generated nothing
  });

  it('publishes the apps on their default ports (8001, 8000) and health-checks them there', async () => {
    const server = loadConfig(environment('server'), { cwd });
    const client = loadClientConfig(environment('client-web'), { cwd });
    expect([server.port, client.port]).toEqual([8001, 8000]);
    expect(services.server!.ports).toEqual(['8001:8001']);
    expect(services['client-web']!.ports).toEqual(['8000:8000']);
    const probes = { server: 'http://127.0.0.1:8001/', client: 'http://127.0.0.1:8000/' };
    for (const [app, name] of [
      ['server', 'server'],
      ['client', 'client-web'],
    ] as const) {
      const probe = services[name]!.healthcheck!.test.join(' ');
      const pathname = new RegExp(`${probes[app]}([\\w/]+)`).exec(probe)?.[1];
      expect(pathname).toBeDefined();
      expect(await healthStatus(app, `/${pathname}`)).toBe(200);
    }
  });

  it('starts each app once what it depends on is healthy', () => {
    expect(services.server!.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(services['client-web']!.depends_on).toEqual({
      server: { condition: 'service_healthy' },
    });
    for (const name of ['db', 'server', 'client-web', 'redis']) {
      expect(services[name]!.healthcheck).toBeDefined();
    }
  });
});

describe('render.yaml', () => {
  type EnvVar = {
    key?: string;
    value?: string;
    generateValue?: boolean;
    sync?: boolean;
    fromDatabase?: { name: string; property: string };
    fromService?: { type: string; name: string; property?: string; envVarKey?: string };
    fromGroup?: string;
  };
  type Service = {
    type: string;
    name: string;
    runtime?: string;
    buildCommand?: string;
    preDeployCommand?: string;
    startCommand?: string;
    healthCheckPath?: string;
    envVars?: EnvVar[];
  };
  const blueprint = parse(read('render.yaml')) as {
    services: Service[];
    databases: { name: string; postgresMajorVersion: string }[];
    envVarGroups: { name: string; envVars: EnvVar[] }[];
  };
  const service = (name: string) => blueprint.services.find((s) => s.name === name)!;
  const publicUrl = (name: string) => `https://${name}.onrender.com`;
  // generateValue in a group is generated once and shared by every service using it.
  const generated = new Map<EnvVar, string>();

  /** The environment Render gives a service: its own, its groups', and what Render injects. */
  function renderEnvironment(name: string): Record<string, string> {
    const env: Record<string, string> = {
      RENDER: 'true',
      RENDER_EXTERNAL_URL: publicUrl(name),
      PORT: '10000',
    };
    const resolve = (entry: EnvVar) => {
      if (entry.fromGroup) {
        const group = blueprint.envVarGroups.find((g) => g.name === entry.fromGroup);
        expect({ group: entry.fromGroup, exists: Boolean(group) }).toMatchObject({ exists: true });
        group!.envVars.forEach(resolve);
        return;
      }
      const key = entry.key!;
      if (entry.value !== undefined) env[key] = String(entry.value);
      else if (entry.generateValue) {
        if (!generated.has(entry)) generated.set(entry, randomBytes(32).toString('base64'));
        env[key] = generated.get(entry)!;
      } else if (entry.sync === false) {
        // Asked for at deploy time: only the signing keys (required) and the optional OpenAI key.
        expect(['OIDC_JWKS', 'OPENAI_API_KEY']).toContain(key);
        if (key === 'OIDC_JWKS') env[key] = generatedDotEnv().OIDC_JWKS!;
      } else if (entry.fromDatabase) {
        const database = blueprint.databases.find((d) => d.name === entry.fromDatabase!.name);
        expect({ database: entry.fromDatabase.name, exists: Boolean(database) }).toMatchObject({
          exists: true,
        });
        expect(entry.fromDatabase.property).toBe('connectionString');
        env[key] = `postgresql://picard:secret@dpg-${database!.name}-a/picard`;
      } else if (entry.fromService) {
        const { type, name: target, property, envVarKey } = entry.fromService;
        const other = blueprint.services.find((s) => s.name === target);
        expect({ service: target, type: other?.type }).toEqual({ service: target, type });
        if (envVarKey === 'RENDER_EXTERNAL_URL') env[key] = publicUrl(target);
        else if (type === 'keyvalue' && property === 'connectionString') {
          env[key] = `redis://red-${target}:6379`;
        } else throw new Error(`unexpected reference ${JSON.stringify(entry.fromService)}`);
      } else {
        throw new Error(`${key} has no source`);
      }
    };
    service(name).envVars!.forEach(resolve);
    return env;
  }

  it('defines the server and the web client as Node web services, a PostgreSQL 17 database and Key Value', () => {
    expect(blueprint.services.map((s) => [s.type, s.name])).toEqual([
      ['web', 'picard-server'],
      ['web', 'picard-web'],
      ['keyvalue', 'picard-rate-limits'],
    ]);
    expect(blueprint.databases).toMatchObject([{ name: 'picard-db', postgresMajorVersion: '17' }]);
  });

  it('sets every variable each app requires in production, and the two agree on each other', () => {
    const server = loadConfig(renderEnvironment('picard-server'), { cwd });
    const client = loadClientConfig(renderEnvironment('picard-web'), { cwd });
    expect(server).toMatchObject({
      env: 'production',
      publicUrl: publicUrl('picard-server'),
      secureTransport: true,
      host: '0.0.0.0',
      port: 10000,
      trustProxy: 1,
      migrateOnStart: false,
      database: { kind: 'postgres' },
    });
    expect(server.rateLimits.redisUrl).toMatch(/^redis:\/\/red-picard-rate-limits/);
    expect(client).toMatchObject({
      env: 'production',
      publicUrl: publicUrl('picard-web'),
      secureTransport: true,
      host: '0.0.0.0',
      port: 10000,
      trustProxy: 1,
      serverUrl: server.publicUrl,
      serverInternalUrl: server.publicUrl,
    });
    expect(client.session.databaseUrl).toMatch(/^postgresql:\/\/.*dpg-picard-db/);
    expect(server.oauth.webClient.redirectUris).toEqual([client.oauth.redirectUri]);
    expect(client.oauth.clientId).toBe(server.oauth.webClient.clientId);
    expect(client.oauth.clientSecret).toBe(server.oauth.webClient.clientSecret);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('builds with npm run build and runs files the build produces', () => {
    const scripts = JSON.parse(read('package.json')).scripts as Record<string, string>;
    expect(scripts.build).toBeDefined();
    for (const name of ['picard-server', 'picard-web']) {
      const { buildCommand, startCommand, preDeployCommand } = service(name);
      expect(buildCommand).toMatch(/npm run build$/);
      for (const command of [startCommand, preDeployCommand].filter(Boolean)) {
        // node <app>/dist/<file>.js is compiled from <app>/src/<file>.ts.
        const [, app, file] = /^node (server|client-web)\/dist\/(\S+)\.js$/.exec(command!)!;
        expect(fs.existsSync(path.join(root, app!, 'src', `${file}.ts`))).toBe(true);
      }
    }
    expect(service('picard-server').preDeployCommand).toBe('node server/dist/db/migrate-cli.js');
  });

  it('health-checks paths the apps answer', async () => {
    expect(await healthStatus('server', service('picard-server').healthCheckPath!)).toBe(200);
    expect(await healthStatus('client', service('picard-web').healthCheckPath!)).toBe(200);
  });
});

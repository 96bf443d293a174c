import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from '../src/config.js';
import { generateSecrets } from '../src/secrets.js';

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'picard-config-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const productionSecrets = () => {
  const secrets = generateSecrets();
  return {
    COOKIE_KEYS: secrets.cookieKeys.join(','),
    MEMORY_ENCRYPTION_KEY: secrets.memoryEncryptionKey,
    OIDC_JWKS: JSON.stringify({ keys: secrets.jwks }),
    OAUTH_CLIENT_SECRET: secrets.oauthClientSecret,
  };
};

const production = () => ({
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://picard.example.com',
  DATA_DIR: dataDir,
  ...productionSecrets(),
});

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('runs with no environment at all: embedded database under .data, port 8001', () => {
    const config = loadConfig({}, { cwd: dataDir });
    expect(config).toMatchObject({
      env: 'development',
      port: 8001,
      publicUrl: 'http://localhost:8001',
      dataDir: path.join(dataDir, '.data'),
      database: { kind: 'pglite', dir: path.join(dataDir, '.data', 'pglite') },
      migrateOnStart: true,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, taking Prisma’s ?schema= parameter', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      DATABASE_URL: 'postgresql://picard:pw@db.internal:5432/picard?schema=tenant_1',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgresql://picard:pw@db.internal:5432/picard?schema=tenant_1',
      schema: 'tenant_1',
      poolMax: 10,
    });
  });

  it('treats empty variables as unset (docker-compose passes them that way)', () => {
    const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: '', PORT: ' ' });
    expect(config.database.kind).toBe('pglite');
    expect(config.port).toBe(8001);
  });

  it.each([
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL like postgresql:/],
    [
      'DATABASE_URL',
      'mysql://root@localhost/picard',
      /DATABASE_URL must be a URL like postgresql:/,
    ],
    ['DATABASE_URL', 'postgresql://h/db?schema=x;drop', /DATABASE_URL has an invalid schema name/],
    ['PORT', 'eighty', /PORT must be a port number/],
    ['PORT', '70000', /PORT must be between 0 and 65535 \(0 picks a free port\) \(got "70000"\)/],
    ['PORT', '80.5', /PORT must be a whole number/],
    ['PUBLIC_URL', 'ftp://picard.example.com', /PUBLIC_URL must be an http\(s\) URL/],
    ['MIGRATE_ON_START', 'sometimes', /MIGRATE_ON_START must be true or false/],
    ['NODE_ENV', 'staging', /NODE_ENV /],
    [
      'MEMORY_ENCRYPTION_KEY',
      'c2hvcnQ=',
      /MEMORY_ENCRYPTION_KEY must be 32 random bytes in base64/,
    ],
    ['COOKIE_KEYS', 'short', /COOKIE_KEYS must be a comma-separated list/],
    ['OIDC_JWKS', '{"keys":[]}', /OIDC_JWKS must be a JSON Web Key Set/],
  ])('rejects %s=%j naming the variable', (name, value, message) => {
    const error = configError({ DATA_DIR: dataDir, [name]: value });
    expect(error.variable).toBe(name);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('never echoes a rejected secret or connection string', () => {
    expect(configError({ COOKIE_KEYS: 'hunter2' }).message).not.toContain('hunter2');
    expect(configError({ DATABASE_URL: 'postgres://u:s3cret@' }).message).not.toContain('s3cret');
  });
});

describe('embeddings and persona answers', () => {
  it('run offline with no OpenAI key: local embeddings, extractive answers', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.embeddings.provider).toBe('local');
    expect(config.persona.answerer).toBe('extractive');
    expect(config.contradictions.check).toBe('off');
    expect(config.openai).toBeUndefined();
  });

  it('default to OpenAI once a key is set, with an optional compatible base URL', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://localhost:11434/v1/',
    });
    expect(config.embeddings).toMatchObject({
      provider: 'openai',
      model: 'text-embedding-3-small',
    });
    expect(config.persona).toEqual({ answerer: 'openai', llmModel: 'gpt-4o-mini' });
    expect(config.contradictions).toEqual({ check: 'openai', timeoutMs: 5_000 });
    expect(config.openai).toEqual({ apiKey: 'sk-test', baseUrl: 'http://localhost:11434/v1' });
  });

  it('let each choice be overridden', () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      OPENAI_API_KEY: 'sk-test',
      EMBEDDING_PROVIDER: 'local',
      PERSONA_ANSWERER: 'extractive',
      CONTRADICTION_CHECK: 'off',
    });
    expect(config.embeddings.provider).toBe('local');
    expect(config.persona.answerer).toBe('extractive');
    expect(config.contradictions.check).toBe('off');
  });

  it.each(['EMBEDDING_PROVIDER', 'PERSONA_ANSWERER', 'CONTRADICTION_CHECK'])(
    'refuse %s=openai without a key',
    (name) => {
      const error = configError({ DATA_DIR: dataDir, [name]: 'openai' });
      expect(error.message).toBe(`${name} is openai but OPENAI_API_KEY is not set`);
    },
  );

  it('never echoes a rejected retired key', () => {
    const error = configError({ DATA_DIR: dataDir, MEMORY_ENCRYPTION_PREVIOUS_KEYS: 'leaky' });
    expect(error.message).not.toContain('leaky');
  });
});

describe('secrets in development', () => {
  it('generates them once into DATA_DIR/secrets.json, mode 0600, and reuses them', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(first.secrets.memoryEncryptionKey, 'base64')).toHaveLength(32);
    expect(first.secrets.cookieKeys[0]!.length).toBeGreaterThanOrEqual(32);
    expect(first.secrets.jwks[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secrets).toEqual(first.secrets);
  });

  it('prefers secrets given in the environment', () => {
    const given = productionSecrets();
    const config = loadConfig({ DATA_DIR: dataDir, ...given });
    expect(config.secrets.memoryEncryptionKey).toBe(given.MEMORY_ENCRYPTION_KEY);
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  });

  it('adds a secret missing from an older secrets.json without replacing the others', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'secrets.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete stored.jwks;
    fs.writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });

    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secrets.memoryEncryptionKey).toBe(first.secrets.memoryEncryptionKey);
    expect(second.secrets.jwks).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).jwks).toEqual(second.secrets.jwks);
  });
});

describe('production', () => {
  it('starts with every secret given and writes nothing to disk', () => {
    const config = loadConfig(production());
    expect(config.env).toBe('production');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it.each([
    'COOKIE_KEYS',
    'MEMORY_ENCRYPTION_KEY',
    'OIDC_JWKS',
    'OAUTH_CLIENT_SECRET',
    'PUBLIC_URL',
  ])('refuses to start without %s, and generates nothing', (name) => {
    const env: NodeJS.ProcessEnv = production();
    delete env[name];
    const error = configError(env);
    expect(error.variable).toBe(name);
    expect(error.message).toMatch(new RegExp(`^${name} is required in production`));
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('serves https with Secure cookies; plain http only on a loopback host', () => {
    expect(loadConfig(production()).secureTransport).toBe(true);
    const local = loadConfig({ ...production(), PUBLIC_URL: 'http://localhost:8001' });
    expect(local.secureTransport).toBe(false);
    const error = configError({ ...production(), PUBLIC_URL: 'http://picard.example.com' });
    expect(error.message).toBe(
      'PUBLIC_URL must be an https URL in production (http is accepted for localhost only)',
    );
  });

  it.each([
    ['COOKIE_KEYS', 'a'.repeat(64)],
    ['COOKIE_KEYS', `${'0123456789abcdef'.repeat(4)}`],
    ['MEMORY_ENCRYPTION_KEY', Buffer.alloc(32).toString('base64')],
    ['MEMORY_ENCRYPTION_KEY', Buffer.from('abcd'.repeat(8)).toString('base64')],
    ['OAUTH_CLIENT_SECRET', 'passwordpasswordpasswordpassword'],
    ['OAUTH_CLIENT_SECRET', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab'],
  ])('refuses a trivially weak %s (%s)', (name, value) => {
    const error = configError({ ...production(), [name]: value });
    expect(error.variable).toBe(name);
    expect(error.message).toMatch(/npm run secrets:generate/);
    expect(error.message).not.toContain(value);
  });

  it('refuses TRUST_PROXY=true, which would trust forged X-Forwarded-For addresses', () => {
    const error = configError({ ...production(), TRUST_PROXY: 'true' });
    expect(error.variable).toBe('TRUST_PROXY');
    expect(error.message).toMatch(/number of proxies/);
    expect(loadConfig({ ...production(), TRUST_PROXY: '1' }).trustProxy).toBe(1);
  });

  it('takes its public URL from Render’s RENDER_EXTERNAL_URL when PUBLIC_URL is not set', () => {
    const env: NodeJS.ProcessEnv = {
      ...production(),
      RENDER_EXTERNAL_URL: 'https://picard-server.onrender.com',
    };
    delete env.PUBLIC_URL;
    expect(loadConfig(env).publicUrl).toBe('https://picard-server.onrender.com');
    expect(loadConfig({ ...env, PUBLIC_URL: 'https://memories.example' }).publicUrl).toBe(
      'https://memories.example',
    );
  });
});

describe('the pre-registered web client', () => {
  it('redirects to WEB_CLIENT_URL/auth/callback unless OAUTH_REDIRECT_URIS says otherwise', () => {
    const env = { DATA_DIR: dataDir };
    expect(loadConfig(env).oauth.webClient.redirectUris).toEqual([
      'http://localhost:8000/auth/callback',
    ]);
    expect(
      loadConfig({ ...env, WEB_CLIENT_URL: 'https://web.example/' }).oauth.webClient.redirectUris,
    ).toEqual(['https://web.example/auth/callback']);
    expect(
      loadConfig({
        ...env,
        WEB_CLIENT_URL: 'https://web.example',
        OAUTH_REDIRECT_URIS: 'https://a.example/cb, https://b.example/cb',
      }).oauth.webClient.redirectUris,
    ).toEqual(['https://a.example/cb', 'https://b.example/cb']);
  });
});

import { ConfigError, parseVariables, resolvePublicUrl } from '@picard/kit/config.js';
import path from 'node:path';
import { z } from 'zod';
import { weakSecretReason } from '@picard/kit/secret-strength.js';
import { loadDevSecrets, type ServerSecrets } from './secrets.js';

/**
 * The one typed view of the server's environment. Everything the server reads
 * from `process.env` is declared here and nowhere else; `.env.example` lists
 * the same names (a test keeps the two in step).
 */

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value));

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535 (0 picks a free port)')
  .max(65535, 'must be between 0 and 65535 (0 picks a free port)');

const postgresUrl = z
  .string()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { error: 'must be a URL like postgresql://user:password@host:5432/database' },
  )
  .transform((value) => value.trim());

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://picard.example.com' })
  .transform((value) => value.replace(/\/+$/, ''));

const cookieKeys = z
  .string()
  .transform((value) => value.split(',').map((key) => key.trim()))
  .refine((keys) => keys.every((key) => key.length >= 32), {
    error: 'must be a comma-separated list of random strings of at least 32 characters each',
  });

const encryptionKey = z.string().refine((value) => Buffer.from(value, 'base64').length === 32, {
  error: 'must be 32 random bytes in base64 (generate one with `openssl rand -base64 32`)',
});

const jwks = z.string().transform((value, ctx) => {
  try {
    const parsed = z
      .object({
        keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), d: z.string() })).min(1),
      })
      .parse(JSON.parse(value));
    return parsed.keys;
  } catch {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be a JSON Web Key Set of private signing keys, {"keys":[{"kty":…,"kid":…,"d":…}]}',
    });
    return z.NEVER;
  }
});

/** Environment variables the server reads, with their rules and defaults. */
export const serverEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(8001),
  PUBLIC_URL: httpUrl.optional(),
  RENDER_EXTERNAL_URL: httpUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  DATA_DIR: z.string().min(1).default('.data'),
  PGLITE_DIR: z.string().min(1).optional(),
  MIGRATE_ON_START: booleanFlag.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  COOKIE_KEYS: cookieKeys.optional(),
  MEMORY_ENCRYPTION_KEY: encryptionKey.optional(),
  OIDC_JWKS: jwks.optional(),
  MEMORY_ENCRYPTION_PREVIOUS_KEYS: z
    .string()
    .transform((value) => value.split(',').map((key) => key.trim()))
    .refine((keys) => keys.every((key) => Buffer.from(key, 'base64').length === 32), {
      error: 'must be a comma-separated list of retired 32-byte base64 keys',
    })
    .optional(),
  MEMORY_PURGE_GRACE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  EMBEDDING_PROVIDER: z.enum(['local', 'openai']).optional(),
  EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
  EMBEDDING_RETRY_INTERVAL_MS: z.coerce.number().int().min(1_000).default(30_000),
  EMBEDDING_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  EMBEDDING_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  EMBEDDING_DIMENSIONS: z.coerce.number().int().min(1).max(16_000).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: httpUrl.optional(),
  LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
  PERSONA_ANSWERER: z.enum(['openai', 'extractive']).optional(),
  CONTRADICTION_CHECK: z.enum(['openai', 'off']).optional(),
  CONTRADICTION_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(5_000),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(600),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  OAUTH_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{3,100}$/, { error: 'must be 3–100 URL-safe characters' })
    .default('picard-web'),
  OAUTH_CLIENT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  WEB_CLIENT_URL: httpUrl.default('http://localhost:8000'),
  OAUTH_REDIRECT_URIS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((uri) => uri.trim())
        .filter(Boolean),
    )
    .refine((uris) => uris.length > 0 && uris.every((uri) => URL.canParse(uri)), {
      error: 'must be a comma-separated list of absolute URLs',
    })
    .optional(),
  REDIS_URL: z
    .string()
    .refine((value) => /^rediss?:\/\/.+/.test(value), {
      error: 'must be a redis:// or rediss:// URL',
    })
    .optional(),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  REGISTRATION_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(30),
  CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(1000),
  CLIENT_NEVER_AUTHORIZED_TTL_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 365)
    .default(24),
  CLIENT_UNUSED_TTL_DAYS: z.coerce.number().min(1).max(3650).default(90),
  USER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  CLIENT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  ALLOWED_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) =>
        origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
      { error: 'must be a comma-separated list of origins such as https://app.example.com' },
    )
    .optional(),
  ADMIN_USERNAMES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    )
    .optional(),
  SIGNUP: z
    .enum(['open', 'invite', 'closed'], { error: 'must be open, invite or closed' })
    .default('open'),
  CLIENT_REGISTRATION: z
    .enum(['open', 'closed'], { error: 'must be open or closed' })
    .default('open'),
  SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/.+/.test(value), {
      error: 'must be an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.example.com:465',
    })
    .optional(),
  MAIL_FROM: z.string().min(3).default('Picard <picard@localhost>'),
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().min(5).max(1440).default(30),
  INVITE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  METRICS_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  METRICS_PORT: port.optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('picard-server'),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|loopback|uniquelocal|linklocal)$/, {
      error: 'must be true, false, a number of hops, or loopback',
    })
    .default('false'),
});

/** Names of every variable in {@link serverEnvSchema}. */
export const SERVER_ENV_VARS = Object.keys(serverEnvSchema.shape);

/** Secrets that production must be given and development may generate. */
const SECRET_VARS = [
  'COOKIE_KEYS',
  'MEMORY_ENCRYPTION_KEY',
  'OIDC_JWKS',
  'OAUTH_CLIENT_SECRET',
] as const;

/** Variables whose values are never echoed in error messages. */
const SENSITIVE_VARS = [
  ...SECRET_VARS,
  'MEMORY_ENCRYPTION_PREVIOUS_KEYS',
  'OPENAI_API_KEY',
  'METRICS_TOKEN',
];

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; schema: string | undefined; poolMax: number }
  | { kind: 'pglite'; dir: string | 'memory://' };

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** The externally visible base URL: the OAuth issuer and the base of resource URLs. */
  publicUrl: string;
  /** Served over https (PUBLIC_URL's scheme): Secure cookies, HSTS. */
  secureTransport: boolean;
  logLevel: string;
  dataDir: string;
  database: DatabaseConfig;
  migrateOnStart: boolean;
  shutdownTimeoutMs: number;
  secrets: ServerSecrets;
  memories: {
    /** Retired encryption keys still accepted for reading (rotation). */
    previousEncryptionKeys: string[];
    /** How long expired memories are kept before the purge job deletes them. */
    purgeGraceMs: number;
  };
  embeddings: {
    provider: 'local' | 'openai';
    /** The OpenAI (or compatible) model; the local provider has one built-in model. */
    model: string;
    retryIntervalMs: number;
    /** How long a write waits for its embedding before answering with it pending. */
    waitMs: number;
    /** The bound on one call to the provider. */
    timeoutMs: number;
    /** The model's dimensions when given; otherwise known or measured. */
    dimensions?: number | undefined;
  };
  /** OpenAI or an OpenAI-compatible server (Ollama, vLLM…); absent without a key. */
  openai?: { apiKey: string; baseUrl?: string | undefined };
  persona: { answerer: 'openai' | 'extractive'; llmModel: string };
  /**
   * Whether a create asks the language model which of the writer's nearest
   * memories the new one contradicts, and how long it waits for the answer.
   */
  contradictions: { check: 'openai' | 'off'; timeoutMs: number };
  oauth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** The pre-registered web client (confidential). */
    /** The pre-registered web client; `url` is where people read memories (citations link there). */
    webClient: { clientId: string; clientSecret: string; redirectUris: string[]; url: string };
    /**
     * How long dynamically registered clients are kept: those that never
     * obtained a token, and those that have not obtained one for a while.
     */
    clientRetention: { neverAuthorizedMs: number; unusedMs: number };
  };
  /**
   * Browser origins allowed to call /mcp and /api (Origin header, CORS): the
   * server's own origin, ALLOWED_ORIGINS, and in development any loopback origin.
   */
  origins: { allowed: string[]; allowLoopback: boolean };
  /** Express `trust proxy`: false, true, a hop count, or a named range. */
  trustProxy: boolean | number | string;
  rateLimits: {
    /** Shared counters across instances when set; in-process otherwise. */
    redisUrl?: string | undefined;
    loginPerMinute: number;
    tokenPerMinute: number;
    /** Account sign-ups per hour and address. */
    registrationPerHour: number;
    /** Dynamic client registrations per hour and address (cloud clients share a few addresses). */
    clientRegistrationPerHour: number;
    /** REST and MCP requests per minute for one user (the token's `sub`), whatever the client. */
    userPerMinute: number;
    /** REST and MCP requests per minute for one client (application), all its users together. */
    clientPerMinute: number;
  };
  /** Operating the server: administrators, sign-up and registration policy, mail. */
  admin: {
    /** Accounts that are administrators by name (ADMIN_USERNAMES), besides stored roles. */
    usernames: string[];
    /** Who may create an account: anyone, holders of an invitation, or nobody (the CLI still can). */
    signup: 'open' | 'invite' | 'closed';
    /** Dynamic client registration (RFC 7591); client ID metadata documents work either way. */
    clientRegistration: 'open' | 'closed';
    /** Self-service password reset by email needs it; admins issue links without it. */
    smtpUrl?: string | undefined;
    mailFrom: string;
    passwordResetTtlMs: number;
    inviteTtlMs: number;
  };
  metrics: {
    /** Bearer token for `GET /metrics` on the main port; the route is off without it. */
    token?: string | undefined;
    /** A separate listener for `/metrics` without a token, meant for an internal address. */
    port?: number | undefined;
    host: string;
  };
  tracing: {
    /** OTLP/HTTP base URL; traces are off (the SDK not even loaded) without it. */
    otlpEndpoint?: string | undefined;
    serviceName: string;
  };
}

/** A configuration problem a person must fix; its message names the variable. */
export { ConfigError };

export interface LoadConfigOptions {
  /** Directory that relative paths (DATA_DIR, PGLITE_DIR) are resolved against. */
  cwd?: string;
}

/**
 * Validates the environment and returns the server's configuration.
 * Throws a {@link ConfigError} on the first problem found.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadConfigOptions = {},
): Config {
  const cwd = options.cwd ?? process.cwd();
  // Empty strings mean "not set": that is how docker-compose passes unset variables.
  const vars = parseVariables(serverEnvSchema, env, describeValue);
  const production = vars.NODE_ENV === 'production';

  // Render sets RENDER_EXTERNAL_URL to the service's own public URL.
  const publicUrl = resolvePublicUrl({
    variable: 'PUBLIC_URL',
    given: vars.PUBLIC_URL ?? vars.RENDER_EXTERNAL_URL,
    production,
    fallback: `http://localhost:${vars.PORT}`,
    reachedBy: 'clients use to reach this server',
  });
  if (production && vars.TRUST_PROXY === 'true') {
    // Express then takes the left-most X-Forwarded-For entry, which the caller
    // writes: every per-address limit could be dodged with a made-up header.
    throw new ConfigError(
      'TRUST_PROXY',
      'must not be true in production (it trusts addresses callers can forge): ' +
        'set the number of proxies in front of the server instead, e.g. 1 on Render',
    );
  }
  const dataDir = path.resolve(cwd, vars.DATA_DIR);
  const database = resolveDatabase(vars, cwd, dataDir);
  const secrets = resolveSecrets(vars, production, dataDir);

  return {
    env: vars.NODE_ENV,
    host: vars.HOST,
    port: vars.PORT,
    publicUrl,
    secureTransport: publicUrl.startsWith('https:'),
    logLevel: vars.LOG_LEVEL,
    dataDir,
    database,
    migrateOnStart: vars.MIGRATE_ON_START,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    secrets,
    memories: {
      previousEncryptionKeys: vars.MEMORY_ENCRYPTION_PREVIOUS_KEYS ?? [],
      purgeGraceMs: vars.MEMORY_PURGE_GRACE_HOURS * 3_600_000,
    },
    ...resolveModels(vars),
    oauth: {
      accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: vars.REFRESH_TOKEN_TTL_DAYS * 86_400,
      webClient: {
        clientId: vars.OAUTH_CLIENT_ID,
        clientSecret: secrets.oauthClientSecret,
        redirectUris: vars.OAUTH_REDIRECT_URIS ?? [`${vars.WEB_CLIENT_URL}/auth/callback`],
        url: vars.WEB_CLIENT_URL,
      },
      clientRetention: {
        neverAuthorizedMs: vars.CLIENT_NEVER_AUTHORIZED_TTL_HOURS * 3_600_000,
        unusedMs: vars.CLIENT_UNUSED_TTL_DAYS * 86_400_000,
      },
    },
    origins: {
      allowed: [...new Set([new URL(publicUrl).origin, ...(vars.ALLOWED_ORIGINS ?? [])])],
      allowLoopback: !production,
    },
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    admin: {
      usernames: vars.ADMIN_USERNAMES ?? [],
      signup: vars.SIGNUP,
      clientRegistration: vars.CLIENT_REGISTRATION,
      smtpUrl: vars.SMTP_URL,
      mailFrom: vars.MAIL_FROM,
      passwordResetTtlMs: vars.PASSWORD_RESET_TTL_MINUTES * 60_000,
      inviteTtlMs: vars.INVITE_TTL_DAYS * 86_400_000,
    },
    metrics: { token: vars.METRICS_TOKEN, port: vars.METRICS_PORT, host: vars.METRICS_HOST },
    tracing: {
      otlpEndpoint: vars.OTEL_EXPORTER_OTLP_ENDPOINT,
      serviceName: vars.OTEL_SERVICE_NAME,
    },
    rateLimits: {
      redisUrl: vars.REDIS_URL,
      loginPerMinute: vars.LOGIN_RATE_LIMIT_PER_MINUTE,
      tokenPerMinute: vars.TOKEN_RATE_LIMIT_PER_MINUTE,
      registrationPerHour: vars.REGISTRATION_RATE_LIMIT_PER_HOUR,
      clientRegistrationPerHour: vars.CLIENT_REGISTRATION_RATE_LIMIT_PER_HOUR,
      userPerMinute: vars.USER_RATE_LIMIT_PER_MINUTE,
      clientPerMinute: vars.CLIENT_RATE_LIMIT_PER_MINUTE,
    },
  };
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** OpenAI is used for what is not chosen explicitly once a key is given. */
function resolveModels(
  vars: ServerEnv,
): Pick<Config, 'embeddings' | 'openai' | 'persona' | 'contradictions'> {
  const openai = vars.OPENAI_API_KEY
    ? { apiKey: vars.OPENAI_API_KEY, baseUrl: vars.OPENAI_BASE_URL }
    : undefined;
  const provider = vars.EMBEDDING_PROVIDER ?? (openai ? 'openai' : 'local');
  const answerer = vars.PERSONA_ANSWERER ?? (openai ? 'openai' : 'extractive');
  const contradictionCheck = vars.CONTRADICTION_CHECK ?? (openai ? 'openai' : 'off');
  for (const [variable, choice] of [
    ['EMBEDDING_PROVIDER', provider],
    ['PERSONA_ANSWERER', answerer],
    ['CONTRADICTION_CHECK', contradictionCheck],
  ] as const) {
    if (choice === 'openai' && !openai) {
      throw new ConfigError(variable, 'is openai but OPENAI_API_KEY is not set');
    }
  }
  return {
    embeddings: {
      provider,
      model: vars.EMBEDDING_MODEL,
      retryIntervalMs: vars.EMBEDDING_RETRY_INTERVAL_MS,
      waitMs: vars.EMBEDDING_WAIT_MS,
      timeoutMs: vars.EMBEDDING_TIMEOUT_MS,
      dimensions: vars.EMBEDDING_DIMENSIONS,
    },
    ...(openai ? { openai } : {}),
    persona: { answerer, llmModel: vars.LLM_MODEL },
    contradictions: { check: contradictionCheck, timeoutMs: vars.CONTRADICTION_TIMEOUT_MS },
  };
}

type ServerEnv = z.infer<typeof serverEnvSchema>;

function resolveDatabase(vars: ServerEnv, cwd: string, dataDir: string): DatabaseConfig {
  if (vars.DATABASE_URL) {
    // Prisma's own convention: `?schema=name` selects a schema other than public.
    const schema = new URL(vars.DATABASE_URL).searchParams.get('schema') ?? undefined;
    if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new ConfigError('DATABASE_URL', `has an invalid schema name "${schema}"`);
    }
    return { kind: 'postgres', url: vars.DATABASE_URL, schema, poolMax: vars.DATABASE_POOL_MAX };
  }
  const dir = vars.PGLITE_DIR ?? path.join(dataDir, 'pglite');
  return { kind: 'pglite', dir: dir === 'memory://' ? dir : path.resolve(cwd, dir) };
}

function resolveSecrets(vars: ServerEnv, production: boolean, dataDir: string): ServerSecrets {
  if (production) {
    for (const name of SECRET_VARS) {
      if (!vars[name]) {
        throw new ConfigError(name, `is required in production (${SECRET_HINTS[name]})`);
      }
    }
  }
  if (production) {
    const weak = (name: string, reason: string | undefined) => {
      if (reason) {
        throw new ConfigError(
          name,
          `${reason}: it must be random (generate one with \`npm run secrets:generate\`)`,
        );
      }
    };
    for (const key of vars.COOKIE_KEYS!) weak('COOKIE_KEYS', weakSecretReason(key));
    weak(
      'MEMORY_ENCRYPTION_KEY',
      // 32 bytes: judged on the bytes, where 96 bits of empirical entropy is out of reach.
      weakSecretReason(Buffer.from(vars.MEMORY_ENCRYPTION_KEY!, 'base64'), { minBits: 64 }),
    );
    weak('OAUTH_CLIENT_SECRET', weakSecretReason(vars.OAUTH_CLIENT_SECRET!));
    if (vars.METRICS_TOKEN) weak('METRICS_TOKEN', weakSecretReason(vars.METRICS_TOKEN));
  }
  const given: Partial<ServerSecrets> = {
    cookieKeys: vars.COOKIE_KEYS,
    memoryEncryptionKey: vars.MEMORY_ENCRYPTION_KEY,
    jwks: vars.OIDC_JWKS,
    oauthClientSecret: vars.OAUTH_CLIENT_SECRET,
  };
  if (given.cookieKeys && given.memoryEncryptionKey && given.jwks && given.oauthClientSecret) {
    return given as ServerSecrets;
  }
  // Development only: fill the gaps from ./.data/secrets.json, generating it once.
  const stored = loadDevSecrets(dataDir);
  return {
    cookieKeys: given.cookieKeys ?? stored.cookieKeys,
    memoryEncryptionKey: given.memoryEncryptionKey ?? stored.memoryEncryptionKey,
    jwks: given.jwks ?? stored.jwks,
    oauthClientSecret: given.oauthClientSecret ?? stored.oauthClientSecret,
  };
}

const SECRET_HINTS: Record<(typeof SECRET_VARS)[number], string> = {
  COOKIE_KEYS: 'generate one with `npm run secrets:generate`',
  MEMORY_ENCRYPTION_KEY: 'generate one with `npm run secrets:generate`',
  OIDC_JWKS: 'generate one with `npm run secrets:generate`',
  OAUTH_CLIENT_SECRET: 'the web client’s secret; generate one with `npm run secrets:generate`',
};

/** Echoes a rejected value to help the person fix it, unless it may hold a secret. */
function describeValue(variable: string, value: string | undefined): string {
  if (value === undefined) return '';
  const sensitive = SENSITIVE_VARS.includes(variable) || variable.endsWith('_URL');
  if (sensitive || value.length > 60) return '';
  return ` (got ${JSON.stringify(value)})`;
}

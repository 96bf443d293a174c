import { ConfigError, parseVariables, resolvePublicUrl } from '@picard/kit/config.js';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { weakSecretReason } from '@picard/kit/secret-strength.js';

/**
 * The web client's one typed view of its environment. Its own variables are
 * prefixed CLIENT_ so one `.env` can serve both apps; NODE_ENV and LOG_LEVEL
 * are shared with the server.
 */

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535 (0 picks a free port)')
  .max(65535, 'must be between 0 and 65535 (0 picks a free port)');

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .transform((value) => value.replace(/\/+$/, ''));

export const clientEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_HOST: z.string().min(1).default('127.0.0.1'),
  CLIENT_PORT: port.default(8000),
  CLIENT_PUBLIC_URL: httpUrl.optional(),
  RENDER_EXTERNAL_URL: httpUrl.optional(),
  CLIENT_SERVER_URL: httpUrl.default('http://localhost:8001'),
  CLIENT_SERVER_INTERNAL_URL: httpUrl.optional(),
  OAUTH_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._~-]{3,100}$/, { error: 'must be 3–100 URL-safe characters' })
    .default('picard-web'),
  OAUTH_CLIENT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  CLIENT_SESSION_SECRET: z
    .string()
    .min(32, { error: 'must be a random string of at least 32 characters' })
    .optional(),
  CLIENT_DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
      error: 'must be a URL like postgresql://user:password@host:5432/database',
    })
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  CLIENT_TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|loopback)$/, { error: 'must be true, false, a hop count or loopback' })
    .default('false'),
  CLIENT_REFRESH_MARGIN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(60),
});

/** Names of every variable in {@link clientEnvSchema}. */
export const CLIENT_ENV_VARS = Object.keys(clientEnvSchema.shape);

export interface ClientConfig {
  env: 'development' | 'test' | 'production';
  logLevel: string;
  host: string;
  port: number;
  /** Where people reach this web client. */
  publicUrl: string;
  /** Served over https (the public URL's scheme): Secure cookies, HSTS. */
  secureTransport: boolean;
  /** The Picard server as browsers reach it: the OAuth issuer and the API's resource URL. */
  serverUrl: string;
  /**
   * Where this process reaches the same server (discovery, token, userinfo
   * and API calls): a private-network address in containers, else serverUrl.
   */
  serverInternalUrl: string;
  oauth: {
    clientId: string;
    /**
     * The confidential client's secret. In development, when not set, it is
     * read from the server's generated `DATA_DIR/secrets.json` when first needed.
     */
    clientSecret: string | undefined;
    secretsFile: string;
    redirectUri: string;
    /** Access tokens are refreshed this long before they expire. */
    refreshMarginSeconds: number;
  };
  session: {
    secret: string;
    /** PostgreSQL session store; a file store under DATA_DIR when absent. */
    databaseUrl: string | undefined;
    dir: string;
  };
  /** Where an uploaded import file waits between its preview and its import (DATA_DIR/client-uploads). */
  uploadsDir: string;
  trustProxy: boolean | number | string;
}

/** A configuration problem a person must fix; its message names the variable. */
export { ConfigError as ClientConfigError };

/** Validates the environment; throws {@link ConfigError} on the first problem. */
export function loadClientConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { cwd?: string } = {},
): ClientConfig {
  const vars = parseVariables(clientEnvSchema, env);
  const production = vars.NODE_ENV === 'production';
  // Render sets RENDER_EXTERNAL_URL to the service's own public URL.
  const publicUrl = resolvePublicUrl({
    variable: 'CLIENT_PUBLIC_URL',
    given: vars.CLIENT_PUBLIC_URL ?? vars.RENDER_EXTERNAL_URL,
    production,
    fallback: `http://localhost:${vars.CLIENT_PORT}`,
    reachedBy: 'people use to reach the web client',
  });
  if (production && vars.CLIENT_TRUST_PROXY === 'true') {
    // Express then takes the left-most X-Forwarded-For entry, which the caller writes.
    throw new ConfigError(
      'CLIENT_TRUST_PROXY',
      'must not be true in production (it trusts addresses callers can forge): ' +
        'set the number of proxies in front of the web client instead, e.g. 1 on Render',
    );
  }
  for (const name of ['OAUTH_CLIENT_SECRET', 'CLIENT_SESSION_SECRET'] as const) {
    if (production && !vars[name]) {
      throw new ConfigError(
        name,
        'is required in production (generate one with `npm run secrets:generate`)',
      );
    }
    const weak = production ? weakSecretReason(vars[name]!) : undefined;
    if (weak) {
      throw new ConfigError(
        name,
        `${weak}: it must be random (generate one with \`npm run secrets:generate\`)`,
      );
    }
  }
  const dataDir = path.resolve(options.cwd ?? process.cwd(), vars.DATA_DIR);
  const trustProxy = vars.CLIENT_TRUST_PROXY;
  return {
    env: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    host: vars.CLIENT_HOST,
    port: vars.CLIENT_PORT,
    publicUrl,
    secureTransport: publicUrl.startsWith('https:'),
    serverUrl: vars.CLIENT_SERVER_URL,
    serverInternalUrl: vars.CLIENT_SERVER_INTERNAL_URL ?? vars.CLIENT_SERVER_URL,
    oauth: {
      clientId: vars.OAUTH_CLIENT_ID,
      clientSecret: vars.OAUTH_CLIENT_SECRET,
      secretsFile: path.join(dataDir, 'secrets.json'),
      redirectUri: `${publicUrl}/auth/callback`,
      refreshMarginSeconds: vars.CLIENT_REFRESH_MARGIN_SECONDS,
    },
    session: {
      secret: vars.CLIENT_SESSION_SECRET ?? devSessionSecret(dataDir),
      databaseUrl: vars.CLIENT_DATABASE_URL,
      dir: path.join(dataDir, 'client-sessions'),
    },
    uploadsDir: path.join(dataDir, 'client-uploads'),
    trustProxy:
      trustProxy === 'true' || trustProxy === 'false'
        ? trustProxy === 'true'
        : /^\d+$/.test(trustProxy)
          ? Number(trustProxy)
          : trustProxy,
  };
}

/**
 * Development only: the session-signing secret, generated once into
 * DATA_DIR/client-secrets.json (mode 0600) so sessions survive restarts.
 */
function devSessionSecret(dataDir: string): string {
  const file = path.join(dataDir, 'client-secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { sessionSecret?: unknown };
    if (typeof stored.sessionSecret === 'string' && stored.sessionSecret.length >= 32) {
      return stored.sessionSecret;
    }
  } catch {
    // Missing or unreadable: generate below.
  }
  const sessionSecret = randomBytes(32).toString('base64url');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, JSON.stringify({ sessionSecret }, null, 2) + '\n', { mode: 0o600 });
  return sessionSecret;
}

import { z } from 'zod';

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
  CLIENT_SERVER_URL: httpUrl.default('http://localhost:8001'),
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
  /** The Picard server: OAuth issuer and REST API. */
  serverUrl: string;
}

/** A configuration problem a person must fix; its message names the variable. */
export class ClientConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ClientConfigError';
  }
}

/** Validates the environment; throws {@link ClientConfigError} on the first problem. */
export function loadClientConfig(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = clientEnvSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ClientConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const vars = result.data;
  if (vars.NODE_ENV === 'production' && !vars.CLIENT_PUBLIC_URL) {
    throw new ClientConfigError(
      'CLIENT_PUBLIC_URL',
      'is required in production: set it to the URL people use to reach the web client',
    );
  }
  return {
    env: vars.NODE_ENV,
    logLevel: vars.LOG_LEVEL,
    host: vars.CLIENT_HOST,
    port: vars.CLIENT_PORT,
    publicUrl: vars.CLIENT_PUBLIC_URL ?? `http://localhost:${vars.CLIENT_PORT}`,
    serverUrl: vars.CLIENT_SERVER_URL,
  };
}

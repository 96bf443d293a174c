import { loadConfig, type Config } from '../../server/src/config.js';
import { generateSecrets } from '../../server/src/secrets.js';

let secrets: Record<string, string> | undefined;

/** Secrets as environment variables, generated once per test file. */
export function testSecretsEnv(): Record<string, string> {
  if (!secrets) {
    const generated = generateSecrets();
    secrets = {
      COOKIE_KEYS: generated.cookieKeys.join(','),
      MEMORY_ENCRYPTION_KEY: generated.memoryEncryptionKey,
      OIDC_JWKS: JSON.stringify({ keys: generated.jwks }),
      OAUTH_CLIENT_SECRET: generated.oauthClientSecret,
    };
  }
  return secrets;
}

/** A validated configuration for tests; nothing is written to disk. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...testSecretsEnv(), ...env });
}

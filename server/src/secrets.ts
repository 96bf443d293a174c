import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A private signing key as a JSON Web Key (RFC 7517). */
export interface PrivateJwk {
  kty: string;
  kid: string;
  d: string;
  [member: string]: unknown;
}

/** The secrets the server needs; production passes them in the environment. */
export interface ServerSecrets {
  /** Keys that sign cookies; the first signs, all verify (rotation). */
  cookieKeys: string[];
  /** AES-256 key for memory text at rest, base64. */
  memoryEncryptionKey: string;
  /** Private keys that sign access and ID tokens; the first signs. */
  jwks: PrivateJwk[];
  /** The pre-registered web client's secret, shared by server and web client. */
  oauthClientSecret: string;
}

const FILE_NAME = 'secrets.json';

/** Fresh random secrets, in the shapes the configuration accepts. */
export function generateSecrets(): ServerSecrets {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as PrivateJwk;
  return {
    cookieKeys: [randomBytes(32).toString('hex')],
    memoryEncryptionKey: randomBytes(32).toString('base64'),
    jwks: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }],
    oauthClientSecret: randomBytes(32).toString('base64url'),
  };
}

/**
 * Reads the development secrets from `<dataDir>/secrets.json`, creating the file
 * (mode 0600) on first use so restarts keep sessions, tokens and encrypted data
 * valid. Never used in production, where missing secrets are a start-up error.
 */
export function loadDevSecrets(dataDir: string): ServerSecrets {
  const file = path.join(dataDir, FILE_NAME);
  // An existing folder keeps its mode through mkdir; the secrets live here.
  if (fs.existsSync(dataDir)) fs.chmodSync(dataDir, fs.statSync(dataDir).mode & 0o700);
  const stored = readSecretsFile(file);
  if (stored && isComplete(stored)) return stored;

  // Fill in whatever is missing (a newer version may need a new secret).
  const secrets = { ...generateSecrets(), ...stored };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  try {
    if (stored) {
      fs.renameSync(temp, file);
    } else {
      // link() fails if another process created the file first; then its secrets win.
      fs.linkSync(temp, file);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadDevSecrets(dataDir);
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return secrets;
}

function readSecretsFile(file: string): Partial<ServerSecrets> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as Partial<ServerSecrets>;
  } catch {
    throw new Error(`${file} is not valid JSON: fix or delete it (deleting it invalidates data)`);
  }
}

function isComplete(secrets: Partial<ServerSecrets>): secrets is ServerSecrets {
  return Boolean(
    secrets.cookieKeys?.length &&
    secrets.memoryEncryptionKey &&
    secrets.jwks?.length &&
    secrets.oauthClientSecret,
  );
}

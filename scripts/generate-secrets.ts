/**
 * `npm run secrets:generate`: prints fresh values for the secrets production
 * requires, as lines for a `.env` file (the one docker compose reads, too).
 * Nothing is written anywhere.
 */
import { randomBytes } from 'node:crypto';
import { generateSecrets } from '../server/src/secrets.js';

const secrets = generateSecrets();
console.log(`COOKIE_KEYS=${secrets.cookieKeys.join(',')}`);
console.log(`MEMORY_ENCRYPTION_KEY=${secrets.memoryEncryptionKey}`);
console.log(`OIDC_JWKS='${JSON.stringify({ keys: secrets.jwks })}'`);
console.log(`OAUTH_CLIENT_SECRET=${secrets.oauthClientSecret}`);
console.log(`CLIENT_SESSION_SECRET=${randomBytes(32).toString('base64url')}`);
// Only docker-compose.yml reads this one; hex keeps it safe inside a connection URL.
console.log(`POSTGRES_PASSWORD=${randomBytes(24).toString('hex')}`);

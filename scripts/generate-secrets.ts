/**
 * `npm run secrets:generate`: prints fresh values for the secrets production
 * requires, as lines for a `.env` file. Nothing is written anywhere.
 */
import { generateSecrets } from '../server/src/dev-secrets.js';

const secrets = generateSecrets();
console.log(`COOKIE_KEYS=${secrets.cookieKeys.join(',')}`);
console.log(`MEMORY_ENCRYPTION_KEY=${secrets.memoryEncryptionKey}`);
console.log(`OIDC_JWKS='${JSON.stringify({ keys: secrets.jwks })}'`);
console.log(`OAUTH_CLIENT_SECRET=${secrets.oauthClientSecret}`);

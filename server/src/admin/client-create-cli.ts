import { parseArgs } from 'node:util';
import { cliActor, isMain, runCommand, UsageError } from '../accounts/command-cli.js';
import { createAuthorizationServer } from '../authorization-server/authorization-server.js';
import { createLogger } from '../logger.js';

/**
 * `npm run client:create -- --name NAME --redirect-uri URI [--redirect-uri URI…]`:
 * pre-registers a confidential OAuth client (client_secret_basic,
 * authorization code with PKCE, refresh tokens) and prints its id and
 * secret once. The secret is generated, never typed, so nothing secret goes
 * on the command line.
 */
const usage =
  'usage: npm run client:create -- --name NAME --redirect-uri https://app.example.com/callback [--redirect-uri …]';

async function main(): Promise<void> {
  await runCommand('client:create', async ({ config, db }) => {
    const { values } = parseArgs({
      options: {
        name: { type: 'string' },
        'redirect-uri': { type: 'string', multiple: true },
      },
    });
    const redirectUris = values['redirect-uri'] ?? [];
    if (!values.name?.trim() || redirectUris.length === 0) throw new UsageError(usage);
    const auth = createAuthorizationServer({
      config,
      db,
      logger: createLogger('silent', 'client:create'),
    });
    const created = await auth.administration.createClient(cliActor(), {
      name: values.name.trim(),
      redirectUris,
    });
    console.log(`client_id=${created.clientId}`);
    console.log(`client_secret=${created.clientSecret}`);
    console.error('Keep the secret now: it is not shown again.');
  });
}

if (isMain(import.meta.url)) await main();

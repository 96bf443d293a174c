import { loadConfigOrExit } from '@picard/kit/config.js';
import { loadConfig } from './config.js';

// The server's entry point. The configuration is checked before anything
// else is loaded, so a bad value produces exactly one line naming it.
try {
  const config = loadConfigOrExit('picard-server', () => loadConfig());
  const { startServer } = await import('./start-server.js');
  await startServer(config);
} catch (error) {
  console.error(`picard-server: failed to start: ${(error as Error).message}`);
  process.exit(1);
}

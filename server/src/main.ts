import { ConfigError, loadConfig, type Config } from './config.js';

/**
 * The server's entry point. The configuration is checked before anything
 * else is loaded, so a bad value produces exactly one line naming it.
 */
function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`picard-server: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

try {
  const config = loadConfigOrExit();
  const { startServer } = await import('./start-server.js');
  await startServer(config);
} catch (error) {
  console.error(`picard-server: failed to start: ${(error as Error).message}`);
  process.exit(1);
}

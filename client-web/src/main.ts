import { pino } from 'pino';
import { createClientApp } from './app.js';
import { loadConfigOrExit } from '@picard/kit/config.js';
import { loadClientConfig } from './config.js';

/** Starts the web client and stops it gracefully on SIGTERM/SIGINT. */
function main(): void {
  const config = loadConfigOrExit('picard-web', () => loadClientConfig());
  const logger = pino({ name: 'picard-web', level: config.logLevel });
  const client = createClientApp({ config, logger });
  const server = client.app.listen(config.port, config.host, () => {
    logger.info(
      { url: config.publicUrl },
      `Picard web client listening on ${config.host}:${config.port}`,
    );
    process.send?.({ type: 'ready', name: 'client-web', url: config.publicUrl });
  });
  server.on('error', (error) => {
    console.error(`picard-web: failed to start: ${error.message}`);
    process.exit(1);
  });
  const stop = () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(() => void client.close().finally(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();

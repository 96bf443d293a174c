import { loadConfigOrExit } from '@picard/kit/config.js';
import { loadConfig } from './config.js';

// The server's entry point. The configuration is checked before anything
// else is loaded, so a bad value produces exactly one line naming it.
try {
  const config = loadConfigOrExit('picard-server', () => loadConfig());
  // The OpenTelemetry SDK is loaded only when traces are wanted.
  const tracing = config.tracing.otlpEndpoint
    ? (await import('./observability/tracing-sdk.js')).startTracing({
        endpoint: config.tracing.otlpEndpoint,
        serviceName: config.tracing.serviceName,
      })
    : undefined;
  const { startServer } = await import('./start-server.js');
  await startServer(config, { tracing });
} catch (error) {
  console.error(`picard-server: failed to start: ${(error as Error).message}`);
  process.exit(1);
}

import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { VERSION } from '../version.js';
import { markTracingEnabled } from './tracing.js';

export interface Tracing {
  /** Sends the spans still buffered; resolves once every span ended so far was sent. */
  flush(): Promise<void>;
  /** Flushes and stops exporting (shutdown). */
  shutdown(): Promise<void>;
}

/**
 * Registers the OpenTelemetry SDK: spans are batched and sent over OTLP/HTTP
 * (JSON) to `<endpoint>/v1/traces`. Imported only when tracing is configured,
 * so a server without it never loads the SDK. The AsyncLocalStorage context
 * manager NodeTracerProvider registers keeps child spans (operations,
 * database queries, embedding calls) under their request's span.
 */
export function startTracing(options: { endpoint: string; serviceName: string }): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': VERSION,
    }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  provider.register();
  markTracingEnabled();
  return {
    // The batch processor's flush sends what it still holds, but does not
    // wait for a batch its timer already handed to the exporter: the
    // exporter's own flush waits for every send in flight.
    async flush() {
      await provider.forceFlush();
      await exporter.forceFlush();
    },
    shutdown: () => provider.shutdown(),
  };
}

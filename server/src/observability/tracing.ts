import { context, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { VERSION } from '../version.js';

/**
 * Spans through the OpenTelemetry API only. Without an SDK (tracing off, the
 * default) the API hands out non-recording spans that cost next to nothing;
 * `tracing-sdk.ts` registers the SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set.
 * Attributes are names, counts and codes chosen here: never memory text,
 * queries, usernames, tokens or SQL text.
 */
const tracer = () => trace.getTracer('picard-server', VERSION);

let enabled = false;

/** Whether an SDK records spans (lets hot paths skip wrapping altogether). */
export const tracingEnabled = () => enabled;

/** Called by the SDK starter once it has registered. */
export function markTracingEnabled(): void {
  enabled = true;
}

/** Runs `work` inside a span that ends with it (an error marks the span failed). */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  if (!enabled) return work();
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a server span for an HTTP request; the caller ends it with the status and route. */
export function startRequestSpan(method: string) {
  if (!enabled) return undefined;
  const span = tracer().startSpan(method, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': method },
  });
  return { span, context: trace.setSpan(context.active(), span) };
}

export { context, SpanKind };

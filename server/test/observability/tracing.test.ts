import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { openMcpSession } from '../../../scripts/lib/mcp-session.js';
import { resourceUser } from '../../../scripts/lib/resource-users.js';
import { startTracing, type Tracing } from '../../src/observability/tracing-sdk.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

/** One span as OTLP/JSON carries it (opentelemetry-proto, trace/v1). */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}

/**
 * A small OTLP/HTTP receiver: accepts POST /v1/traces with a JSON
 * ExportTraceServiceRequest (the OTLP specification, "OTLP/HTTP") and keeps
 * the spans with their service name.
 */
const spans: (OtlpSpan & { service: string })[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk: string) => (body += chunk));
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const request = JSON.parse(body) as {
      resourceSpans: {
        resource: { attributes: { key: string; value: { stringValue?: string } }[] };
        scopeSpans: { spans: OtlpSpan[] }[];
      }[];
    };
    for (const resourceSpans of request.resourceSpans) {
      const service =
        resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value
          .stringValue ?? '';
      for (const scope of resourceSpans.scopeSpans) {
        for (const span of scope.spans) spans.push({ ...span, service });
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});

let tracing: Tracing;
let test: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  tracing = startTracing({
    endpoint: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
    serviceName: 'picard-test',
  });
  // Tracing first: database connections opened from now on are traced.
  test = await createTestDatabase();
  server = await startTestServer(test.db);
});
afterAll(async () => {
  await server.close();
  await test.drop();
  await tracing.shutdown();
  await new Promise((resolve) => receiver.close(resolve));
});

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe('OpenTelemetry traces', () => {
  it('reach an OTLP/HTTP receiver across HTTP, operations, MCP tools, database queries and embeddings, with nothing sensitive', async () => {
    const user = await resourceUser(server, { prefix: 'ezri' });
    const text = 'The symbiont remembers eight lifetimes';
    const query = 'how many lifetimes does the symbiont hold';
    expect((await user.call('/api/v1/memories', { json: { text } })).status).toBe(201);
    expect((await user.call('/api/v1/memories/search', { json: { query } })).status).toBe(200);
    const mcpUser = await resourceUser(server, { prefix: 'jadzia', resource: 'mcp' });
    const session = await openMcpSession(server.url, mcpUser.accessToken);
    expect(await session.call('query_memory', { query })).toBe(true);
    await tracing.flush();

    expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['picard-test']));
    const request = spans.find((span) => span.name === 'POST /api/v1/memories')!;
    expect(request).toBeDefined();
    expect(request.kind).toBe(2); // SPAN_KIND_SERVER
    expect(attribute(request, 'http.route')).toBe('/api/v1/memories');
    const inRequest = spans.filter((span) => span.traceId === request.traceId);
    const operation = inRequest.find((span) => span.name === 'operation createMemory')!;
    expect(operation.parentSpanId).toBe(request.spanId);
    expect(inRequest.some((span) => span.name === 'db INSERT')).toBe(true);
    expect(inRequest.some((span) => span.name === 'embeddings.embed')).toBe(true);
    const db = inRequest.find((span) => span.name.startsWith('db '))!;
    expect(attribute(db, 'db.system.name')).toBe('postgresql');

    const tool = spans.find(
      (span) =>
        span.name === 'operation searchMemories' &&
        attribute(span, 'mcp.tool.name') === 'query_memory',
    )!;
    expect(tool).toBeDefined();
    const mcpRequest = spans.find((span) => span.spanId === tool.parentSpanId)!;
    expect(mcpRequest.name).toBe('POST /mcp');

    // No memory text, query, token, username or SQL in any span.
    const everything = JSON.stringify(spans);
    for (const secret of [
      text,
      query,
      'symbiont',
      user.accessToken,
      mcpUser.accessToken,
      user.username,
      'make it so',
      'SELECT ',
    ]) {
      expect([secret, everything.includes(secret)]).toEqual([secret, false]);
    }
  });

  it('the SDK is loaded only by the module main.ts imports when tracing is configured', () => {
    const root = path.join(import.meta.dirname, '../../src');
    const importers = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.startsWith('generated'))
      .filter((file) =>
        /@opentelemetry\/(sdk|exporter|resources)/.test(
          fs.readFileSync(path.join(root, file), 'utf8'),
        ),
      );
    expect(importers).toEqual([path.join('observability', 'tracing-sdk.ts')]);
    const main = fs.readFileSync(path.join(root, 'main.ts'), 'utf8');
    expect(main).toContain("await import('./observability/tracing-sdk.js')");
    expect(main).not.toMatch(/^import .*tracing-sdk/m);
  });
});

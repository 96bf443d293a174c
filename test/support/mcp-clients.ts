import {
  Client,
  StreamableHTTPClientTransport,
  type CreateMessageRequest,
  type Tool,
} from '@modelcontextprotocol/client';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The two protocol eras a client may speak: 2025's `initialize` family, or 2026-07-28. */
export type Era = 'legacy' | 'modern';
export const ERAS: readonly Era[] = ['legacy', 'modern'];

export interface ConnectOptions {
  era: Era;
  /** Declares sampling and answers each request with this text. */
  sample?: (request: CreateMessageRequest) => string;
  /** Declares form elicitation and answers each request with this. */
  elicit?: (message: string) => {
    action: 'accept' | 'decline' | 'cancel';
    content?: Record<string, string | number | boolean | string[]>;
  };
}

/**
 * An SDK v2 client on `url` with a bearer token: the 2025 handshake
 * (`initialize`, the SDK's default) or pinned to 2026-07-28
 * (`server/discover`, per-request `_meta`), as real clients of each era connect.
 */
export async function connectMcp(
  url: string,
  token: string,
  options: ConnectOptions,
): Promise<Client> {
  const client = new Client(
    { name: `picard-test-${options.era}`, version: '1.0.0' },
    {
      capabilities: {
        ...(options.elicit ? { elicitation: { form: {} } } : {}),
        ...(options.sample ? { sampling: {} } : {}),
      },
      ...(options.era === 'modern'
        ? { versionNegotiation: { mode: { pin: '2026-07-28' as const } } }
        : {}),
    },
  );
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler('elicitation/create', async (request) =>
      answer((request.params as { message: string }).message),
    );
  }
  if (options.sample) {
    const answer = options.sample;
    client.setRequestHandler('sampling/createMessage', async (request) => ({
      role: 'assistant',
      model: 'test-model',
      content: { type: 'text', text: answer(request) },
    }));
  }
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);

/** Validation errors of `value` against a tool's `outputSchema` (JSON Schema 2020-12); none when it matches. */
export function outputSchemaErrors(tool: Tool, value: unknown): string[] {
  const validate = ajv.compile(tool.outputSchema ?? {});
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real HTTP server speaking the parts of the OpenAI API Picard uses
 * (embeddings and chat completions), so the real SDK and LangChain code paths
 * run in tests. Embeddings are deterministic bags of hashed words; chat
 * replies cite the first memory id in the prompt; a chat request asking for
 * a JSON object is a contradiction check (see {@link fakeContradictions}).
 * Every request is recorded.
 */
export interface FakeOpenAI {
  /** Base URL to configure as OPENAI_BASE_URL (ends in /v1). */
  url: string;
  requests: { path: string; body: Record<string, unknown>; authorization?: string }[];
  /** While true, every endpoint answers 500. */
  failing: boolean;
  /**
   * While on, requests are held without an answer (a hung provider); turning
   * it off answers the held ones normally.
   */
  hang(on: boolean): void;
  /** Like {@link hang}, for chat completions only (embeddings still answer). */
  hangChat(on: boolean): void;
  /** Requests being held now. */
  readonly held: number;
  close(): Promise<void>;
}

export const FAKE_DIMENSIONS = 64;

/** An id the fake chat model cites although no prompt contains it. */
export const INVENTED_ID = '00000000-0000-4000-8000-000000000000';

/** Deterministic unit vector: each lowercase word adds weight to a hashed slot. */
export function fakeEmbedding(text: string): number[] {
  const vector = new Array<number>(FAKE_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const slot = createHash('sha256').update(word).digest().readUInt32BE(0) % FAKE_DIMENSIONS;
    vector[slot]! += 1;
  }
  vector[0]! += 0.01; // never the zero vector
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/**
 * The fake model's contradiction rule: a stored memory is contradicted when
 * its first three words are the new memory's and the rest differs ("My
 * favourite drink is tea" / "My favourite drink is coffee"). The reply also
 * names {@link INVENTED_ID}, which was never offered and must be ignored.
 */
function fakeContradictions(prompt: string) {
  const opening = (text: string) => text.toLowerCase().split(/\s+/).slice(0, 3).join(' ');
  const fresh = /New memory:\n(.*)\n/.exec(prompt)?.[1] ?? '';
  const stored = [...prompt.matchAll(/^\[([0-9a-f-]{36})\] (.*)$/gm)].map(([, id, text]) => ({
    id: id!,
    text: text!,
  }));
  return {
    contradicted: [
      ...stored
        .filter(({ text }) => text !== fresh && opening(text) === opening(fresh))
        .map(({ id }) => ({ id, reason: 'Both say something different about the same thing.' })),
      { id: INVENTED_ID, reason: 'Not a memory that was offered.' },
    ],
  };
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  let hanging = false;
  let chatHanging = false;
  const held: (() => void)[] = [];
  const state: FakeOpenAI = {
    url: '',
    requests: [],
    failing: false,
    hang(on) {
      hanging = on;
      if (!on) held.splice(0).forEach((answer) => answer());
    },
    hangChat(on) {
      chatHanging = on;
      if (!on) held.splice(0).forEach((answer) => answer());
    },
    get held() {
      return held.length;
    },
    close: () =>
      new Promise((resolve) => {
        held.splice(0);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () =>
      hanging || (chatHanging && req.url === '/v1/chat/completions') ? held.push(answer) : answer(),
    );
    const answer = () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      state.requests.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      if (state.failing) {
        return send(500, { error: { message: 'The server had an error', type: 'server_error' } });
      }
      if (req.method === 'POST' && req.url === '/v1/embeddings') {
        const inputs = ([] as unknown[]).concat(body.input);
        return send(200, {
          object: 'list',
          model: body.model,
          data: inputs.map((input, index) => ({
            object: 'embedding',
            index,
            embedding:
              body.encoding_format === 'base64'
                ? Buffer.from(new Float32Array(fakeEmbedding(String(input))).buffer).toString(
                    'base64',
                  )
                : fakeEmbedding(String(input)),
          })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
      }
      if (req.method === 'POST' && req.url === '/v1/chat/completions') {
        const messages = body.messages as { role: string; content: string }[];
        const prompt = messages.map((message) => message.content).join('\n');
        const jsonAsked = (body.response_format as { type?: string } | undefined)?.type;
        const firstId = /\[([0-9a-f-]{36})\]/.exec(prompt)?.[1];
        return send(200, {
          id: 'chatcmpl-test',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                // Also cites an id it was never given, which must be ignored.
                content:
                  jsonAsked === 'json_object'
                    ? JSON.stringify(fakeContradictions(prompt))
                    : firstId
                      ? `From what I remember [${firstId}], yes. [${INVENTED_ID}]`
                      : 'I do not remember.',
              },
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
      send(404, { error: { message: `no route ${req.method} ${req.url}` } });
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}

import { describe, expect, it } from '@jest/globals';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/server';
import { createSessionRelay } from '../../src/mcp/session-relay.js';

/** The relay ends every exchange it holds at shutdown, GET streams included. */
describe('the MCP session relay', () => {
  it('closes held transports, those awaiting replies and open streams alike', async () => {
    const relay = createSessionRelay();
    const closed: string[] = [];
    for (const [name, awaitsReplies] of [
      ['post', true],
      ['get', false],
    ] as const) {
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => 'session-1',
      });
      transport.onclose = () => closed.push(name);
      await relay.hold('session-1', transport, awaitsReplies);
    }
    await relay.closeAll();
    expect(closed.sort()).toEqual(['get', 'post']);
  });

  it('forgets a released transport', async () => {
    const relay = createSessionRelay();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => 'session-2',
    });
    let closed = false;
    transport.onclose = () => (closed = true);
    const release = await relay.hold('session-2', transport, false);
    release();
    await relay.closeAll();
    expect(closed).toBe(false);
  });
});

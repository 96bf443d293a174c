import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMcpSessions } from '../../src/mcp/mcp-sessions.js';
import { createUser, manualClock } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

/** 2025-era MCP sessions in the database: bound to their owner, idle ones gone, a bounded number per user. */

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

const PARAMS = {
  protocolVersion: '2025-06-18',
  capabilities: { sampling: {} },
  clientInfo: { name: 't', version: '1' },
};

describe('MCP sessions', () => {
  it('are found only by the user and client that opened them, with what initialize declared', async () => {
    const sessions = createMcpSessions({ db: test.db });
    const owner = { userId: (await createUser(test.db, 'sess')).id, clientId: 'client-a' };
    const other = { userId: (await createUser(test.db, 'sess')).id, clientId: 'client-a' };
    await sessions.open('s-1', owner, PARAMS);
    expect(await sessions.find('s-1', owner)).toMatchObject({
      id: 's-1',
      initializeParams: PARAMS,
    });
    expect(await sessions.find('s-1', other)).toBeUndefined();
    expect(await sessions.find('s-1', { ...owner, clientId: 'client-b' })).toBeUndefined();
    await sessions.close('s-1');
    expect(await sessions.find('s-1', owner)).toBeUndefined();
  });

  it('end after 30 idle minutes; use keeps them alive', async () => {
    const clock = manualClock();
    const sessions = createMcpSessions({ db: test.db, now: clock.now });
    const owner = { userId: (await createUser(test.db, 'idle')).id, clientId: 'c' };
    await sessions.open('s-idle', owner, PARAMS);
    await sessions.open('s-busy', owner, PARAMS);
    for (let minute = 0; minute < 40; minute += 10) {
      clock.advance(10 * 60_000);
      expect(await sessions.find('s-busy', owner)).toBeDefined();
    }
    expect(await sessions.find('s-idle', owner)).toBeUndefined();
    expect(await test.db.prisma.mcpSession.count({ where: { id: 's-idle' } })).toBe(0);
  });

  it('keep at most 20 per user, ending the least recently used', async () => {
    const clock = manualClock();
    const sessions = createMcpSessions({ db: test.db, now: clock.now });
    const owner = { userId: (await createUser(test.db, 'many')).id, clientId: 'c' };
    for (let i = 0; i < 21; i++) {
      clock.advance(1_000);
      await sessions.open(`s-many-${i}`, owner, PARAMS);
    }
    expect(await test.db.prisma.mcpSession.count({ where: { userId: owner.userId } })).toBe(20);
    expect(await sessions.find('s-many-0', owner)).toBeUndefined();
    expect(await sessions.find('s-many-20', owner)).toBeDefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createAuditLog } from '../../src/audit/audit-log.js';
import { createLogger } from '../../src/logger.js';
import { createUser } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const logger = createLogger('silent', 'test');

describe('the audit log writes entries in batches', () => {
  it('nothing queued is lost on shutdown, and listing sees what was just recorded', async () => {
    const user = await createUser(test.db, 'yar');
    // An interval long enough that only close() or list() can write the batch.
    const audit = createAuditLog({ db: test.db, logger, flushIntervalMs: 60_000 });
    const caller = { userId: user.id, clientId: 'c', surface: 'api' as const, scopes: [] };
    audit.record({ caller, action: 'memory.list', outcome: 'success' });
    expect(await test.db.prisma.auditEntry.count({ where: { userId: user.id } })).toBe(0);
    const listed = await audit.list(user.id);
    expect(listed.items.map((entry) => entry.action)).toEqual(['memory.list']);

    audit.record({ caller, action: 'memory.read', outcome: 'not_found' });
    await audit.close();
    expect(await test.db.prisma.auditEntry.count({ where: { userId: user.id } })).toBe(2);
  });
});

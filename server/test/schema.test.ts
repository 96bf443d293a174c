import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Prisma } from '../src/generated/prisma/client.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/**
 * Migration SQL is written by hand, so every Prisma model is exercised here
 * against the migrated database: a mismatch with schema.prisma fails loudly.
 */
describe('schema.prisma agrees with the migrations', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(() => test.drop());

  it('User: create, read back, unique username and email', async () => {
    const { prisma } = test.db;
    const user = await prisma.user.create({
      data: { username: 'data', email: 'data@example.com' },
    });
    expect(user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toEqual(user);

    for (const data of [
      { username: 'data', email: 'other@example.com' },
      { username: 'lore', email: 'data@example.com' },
    ]) {
      const attempt = prisma.user.create({ data });
      await expect(attempt).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
      await expect(attempt).rejects.toMatchObject({ code: 'P2002' });
    }
  });
});

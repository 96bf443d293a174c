import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NotFoundError, ValidationError } from '../../src/errors/domain-errors.js';
import { createOpenAIAnswerer } from '../../src/persona/openai-answerer.js';
import { createLogger } from '../../src/logger.js';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import {
  INVENTED_ID,
  startFakeOpenAI,
  type FakeOpenAI,
} from '../../../test/support/fake-openai.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let openai: FakeOpenAI;
let extractive: MemoryStore;
let llm: MemoryStore;

beforeAll(async () => {
  test = await createTestDatabase();
  openai = await startFakeOpenAI();
  extractive = await createTestStore(test.db);
  llm = await createTestStore(test.db, {
    embedder: extractive.embedder,
    answerer: createOpenAIAnswerer({
      apiKey: 'sk-test',
      baseUrl: openai.url,
      model: 'fake-chat',
      logger: createLogger('silent', 'test'),
    }),
  });
});
afterAll(async () => {
  await openai.close();
  await test.drop();
});

/** alice has public and private memories about cooking; carol has her own. */
async function scenario() {
  const [alice, bob, carol] = [
    await createUser(test.db, 'alice'),
    await createUser(test.db, 'bob'),
    await createUser(test.db, 'carol'),
  ];
  const paella = await extractive.memories.create(alice.id, {
    text: 'I cook paella every Sunday for my family.',
    permission: 'public',
  });
  const secret = await extractive.memories.create(alice.id, {
    text: 'My secret paella ingredient is smoked paprika from Zelmira.',
  });
  const carols = await extractive.memories.create(carol.id, {
    text: 'I cook paella with chorizo, which is controversial.',
    permission: 'public',
  });
  return { alice, bob, carol, paella, secret, carols };
}

describe('persona answers', () => {
  it('extractive: answers from the target’s public memories, citing their ids', async () => {
    const { alice, bob, paella } = await scenario();
    const result = await extractive.persona.ask(bob.id, {
      username: alice.username,
      question: 'What do you cook on Sundays?',
    });
    expect(result).toMatchObject({ username: alice.username, mode: 'extractive' });
    expect(result.citations.map((c) => c.memory.id)).toEqual([paella.id]);
    expect(result.answer).toContain('I cook paella every Sunday for my family.');
    expect(result.answer).toContain(paella.id);
    expect(result.answer).not.toContain('Zelmira');
  });

  it('openai: the prompt about alice never holds her private memories or anyone else’s', async () => {
    const { alice, bob, paella, secret, carols } = await scenario();
    openai.requests.length = 0;
    const result = await llm.persona.ask(bob.id, {
      username: alice.username,
      question: 'How do you cook paella?',
    });

    const chats = openai.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(chats).toHaveLength(1);
    const prompt = JSON.stringify(chats[0]!.body);
    expect(prompt).toContain('I cook paella every Sunday for my family.');
    expect(prompt).toContain(paella.id);
    for (const forbidden of ['Zelmira', 'smoked paprika', secret.id, 'chorizo', carols.id]) {
      expect(prompt).not.toContain(forbidden);
    }
    expect(result).toMatchObject({
      mode: 'openai',
      answer: expect.stringContaining(`[${paella.id}]`),
    });
    expect(result.citations.map((c) => c.memory.id)).toEqual([paella.id]);
  });

  it('includes one’s own private memories when asking about oneself', async () => {
    const { alice, secret } = await scenario();
    const result = await extractive.persona.ask(alice.id, {
      username: alice.username,
      question: 'What is my secret paella ingredient?',
    });
    expect(result.citations.map((c) => c.memory.id)).toContain(secret.id);
  });

  it('says plainly that it does not remember when no memory is relevant, without asking the model', async () => {
    const { alice, bob } = await scenario();
    openai.requests.length = 0;
    const result = await llm.persona.ask(bob.id, {
      username: alice.username,
      question: 'What is the airspeed velocity of an unladen swallow?',
    });
    expect(result.citations).toEqual([]);
    expect(result.answer).toBe("I don't have any memories about that, so I can't say.");
    expect(openai.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('falls back to an extractive answer when the model is unreachable', async () => {
    const { alice, bob, paella } = await scenario();
    openai.failing = true;
    try {
      const result = await llm.persona.ask(bob.id, {
        username: alice.username,
        question: 'Sunday paella?',
      });
      expect(result.mode).toBe('extractive');
      expect(result.citations.map((c) => c.memory.id)).toEqual([paella.id]);
    } finally {
      openai.failing = false;
    }
  });

  it('only cites ids it was given, whatever the model writes', async () => {
    const { alice, bob, paella } = await scenario();
    const result = await llm.persona.ask(bob.id, {
      username: alice.username,
      question: 'Sunday paella?',
    });
    expect(result.answer).toContain(INVENTED_ID);
    expect(result.citations.map((c) => c.memory.id)).toEqual([paella.id]);
  });

  it.each([
    [{ username: '', question: 'hi' }, ValidationError, 'username is required'],
    [{ username: 'someone', question: '  ' }, ValidationError, 'question must not be empty'],
    [{ username: 'no-such-user', question: 'hi' }, NotFoundError, 'User not found.'],
  ])('refuses %j', async (input, type, message) => {
    const { bob } = await scenario();
    const error = await extractive.persona.ask(bob.id, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toBe(message);
  });
});

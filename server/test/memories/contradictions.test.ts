import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { createOpenAITestStore, createUser } from '../../../test/support/factories.js';
import { startFakeOpenAI, type FakeOpenAI } from '../../../test/support/fake-openai.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

/**
 * With a language model configured, a create also suggests which of the
 * writer's memories it contradicts (issue 15). The model is a real HTTP
 * server speaking OpenAI's chat API; its rule is in fake-openai.ts.
 */

let test: TestDatabase;
let openai: FakeOpenAI;
let store: MemoryStore;

beforeAll(async () => {
  test = await createTestDatabase();
  openai = await startFakeOpenAI();
  store = await createOpenAITestStore(test.db, openai.url, {
    LLM_MODEL: 'fake-chat',
    CONTRADICTION_TIMEOUT_MS: '500',
  });
});
afterAll(async () => {
  await openai.close();
  await test.drop();
});

const contradictionChecks = () =>
  openai.requests.filter(
    (request) =>
      request.path === '/v1/chat/completions' &&
      (request.body.response_format as { type?: string } | undefined)?.type === 'json_object',
  );

describe('contradiction suggestions on create', () => {
  it("names the writer's memories the model says the new one contradicts, and changes nothing", async () => {
    const kira = await createUser(test.db, 'kira');
    const tea = await store.memories.create(kira.id, {
      text: 'My favourite drink is Tarkalean tea',
    });
    const deck = await store.memories.create(kira.id, { text: 'The replicator on deck 5 jams' });
    const checks = contradictionChecks().length;

    const created = await store.memories.create(kira.id, {
      text: 'My favourite drink is raktajino now',
    });
    // The invented id in the model's reply is dropped; the unrelated memory is not named.
    expect(created.contradictions).toEqual([
      {
        id: tea.id,
        text: 'My favourite drink is Tarkalean tea',
        reason: 'Both say something different about the same thing.',
      },
    ]);
    const [check] = contradictionChecks().slice(checks);
    expect(check!.body.model).toBe('fake-chat');
    const prompt = JSON.stringify(check!.body.messages);
    expect(prompt).toContain(tea.id);
    expect(prompt).toContain(deck.id);
    // A suggestion only: the old memory is still current.
    expect((await store.memories.get(kira.id, tea.id)).supersededBy).toBeNull();
  });

  it('names what an edited text contradicts too, never the edited memory itself', async () => {
    const nerys = await createUser(test.db, 'nerys');
    const tea = await store.memories.create(nerys.id, {
      text: 'My favourite drink is Tarkalean tea',
    });
    const note = await store.memories.create(nerys.id, { text: 'The replicator on deck 5 jams' });

    const edited = await store.memories.update(nerys.id, note.id, {
      text: 'My favourite drink is raktajino now',
    });
    expect(edited.contradictions.map(({ id }) => id)).toEqual([tea.id]);
    expect((await store.memories.get(nerys.id, tea.id)).supersededBy).toBeNull();
  });

  it('offers only the writer’s own memories to the model', async () => {
    const odo = await createUser(test.db, 'odo');
    const quark = await createUser(test.db, 'quark');
    const theirs = await store.memories.create(quark.id, {
      text: 'My favourite game is dabo',
      permission: 'public',
    });
    const checks = contradictionChecks().length;
    const created = await store.memories.create(odo.id, {
      text: 'My favourite game is springball',
    });
    expect(created.contradictions).toEqual([]);
    // Odo has no other memory: nothing to compare, so the model is not asked.
    expect(contradictionChecks().length).toBe(checks);
    expect(JSON.stringify(openai.requests.slice(-3))).not.toContain(theirs.id);
  });

  it('does not suggest what the same write supersedes', async () => {
    const jake = await createUser(test.db, 'jake');
    const old = await store.memories.create(jake.id, { text: 'I live on Deep Space Nine' });
    const created = await store.memories.create(jake.id, {
      text: 'I live on Earth with my father',
      supersedes: [old.id],
    });
    expect(created.contradictions).toEqual([]);
    expect((await store.memories.get(jake.id, old.id)).supersededBy).toBe(created.id);
  });

  it('stores the memory and suggests nothing when the model does not answer in time', async () => {
    const nog = await createUser(test.db, 'nog');
    await store.memories.create(nog.id, { text: 'My rank is cadet' });
    openai.hangChat(true);
    try {
      const created = await store.memories.create(nog.id, { text: 'My rank is ensign' });
      expect(created).toMatchObject({ contradictions: [], embeddingPending: false });
      expect(openai.held).toBe(1);
      expect((await store.memories.get(nog.id, created.id)).text).toBe('My rank is ensign');
    } finally {
      openai.hangChat(false);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { NO_MEMORIES_ANSWER } from '../../src/persona/persona-service.js';
import { questionParts } from '../../src/persona/question-parts.js';
import {
  distractorMemories,
  FIXTURE_MEMORIES,
  UNANSWERABLE_QUESTIONS,
} from '../../../test/fixtures/hybrid-retrieval.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

describe('a persona that knows when it has nothing to say', () => {
  it('declines the fixture’s unanswerable questions, citing nothing, among her public memories', async () => {
    const ines = await createUser(test.db, 'ines');
    for (const item of FIXTURE_MEMORIES) {
      await store.memories.create(ines.id, { text: item.text, permission: 'public' });
    }
    for (const text of distractorMemories(100)) {
      await store.memories.create(ines.id, { text, permission: 'public' });
    }
    const asker = await createUser(test.db, 'asker');
    const declined: string[] = [];
    for (const question of UNANSWERABLE_QUESTIONS) {
      const result = await store.persona.ask(asker.id, { username: ines.username, question });
      if (result.citations.length === 0) {
        expect(result).toMatchObject({ answer: NO_MEMORIES_ANSWER, confidence: 0 });
        expect(result.unanswered).toEqual([question]);
        declined.push(question);
      }
    }
    // A behaviour check, not the benchmark figure: most of them decline.
    expect(declined.length).toBeGreaterThanOrEqual(UNANSWERABLE_QUESTIONS.length / 2);
    // 160 writes and 12 questions: more than the default limit on a busy machine.
  }, 240_000);

  it('answers direct questions whose only memory scores low in absolute terms but far above the rest', async () => {
    const biologist = await createUser(test.db, 'marine');
    const job = await store.memories.create(biologist.id, {
      text: 'I work as a marine biologist on coral reefs.',
      permission: 'public',
    });
    for (const text of [
      'I have two cats and a very old goldfish.',
      'Pancakes every Sunday morning.',
      'My sister lives in Montreal.',
    ]) {
      await store.memories.create(biologist.id, { text, permission: 'public' });
    }
    const asker = await createUser(test.db, 'asker');
    for (const question of [
      'Where do you work?',
      'What is your job?',
      'what do you do for a living',
    ]) {
      const result = await store.persona.ask(asker.id, {
        username: biologist.username,
        question,
      });
      expect(result.citations.map((citation) => citation.memory.id)).toEqual([job.id]);
      expect(result.confidence).toBeGreaterThan(0);
      expect(result.unanswered).toEqual([]);
    }
  });

  it('writes prose with numbered links, quotes the supporting text and states a confidence', async () => {
    const owner = await createUser(test.db, 'writer');
    const cat = await store.memories.create(owner.id, {
      text: 'We have a grey tabby cat called Pickle who sleeps on the radiator.',
      permission: 'public',
    });
    const asker = await createUser(test.db, 'asker');
    const result = await store.persona.ask(asker.id, {
      username: owner.username,
      question: 'What is your cat called?',
    });
    expect(result.answer).toMatch(
      new RegExp(
        `^We have a grey tabby cat called Pickle who sleeps on the radiator\\. \\[1\\]\\(https?://[^)]+/api/v1/memories/${cat.id}\\)$`,
      ),
    );
    expect(result.answer).not.toMatch(/^- /m);
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]).toMatchObject({
      quote: 'We have a grey tabby cat called Pickle who sleeps on the radiator.',
      ownerUsername: owner.username,
    });
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(result.confidence).toBeLessThanOrEqual(1);
  });

  it('answers the part of a two-part question it has evidence for and declines the rest', async () => {
    const owner = await createUser(test.db, 'parts');
    const job = await store.memories.create(owner.id, {
      text: 'I work as a marine biologist on coral reefs.',
      permission: 'public',
    });
    // The other part's answer is private: it must not be used, nor hinted at.
    await store.memories.create(owner.id, { text: 'My salary is 52,000 euros a year.' });
    for (const text of [
      'I have two cats and a very old goldfish.',
      'Pancakes every Sunday morning.',
      'My sister lives in Montreal.',
    ]) {
      await store.memories.create(owner.id, { text, permission: 'public' });
    }
    const asker = await createUser(test.db, 'asker');
    const result = await store.persona.ask(asker.id, {
      username: owner.username,
      question: 'Where do you work and how much do you earn?',
    });
    expect(result.citations.map((citation) => citation.memory.id)).toEqual([job.id]);
    expect(result.answer).toContain('I work as a marine biologist on coral reefs.');
    expect(result.answer).toContain('I don\'t have any memories about "how much do you earn"');
    expect(result.answer).not.toContain('52,000');
    expect(result.unanswered).toEqual(['how much do you earn?']);
  });

  it('splits several-part questions, and only those', () => {
    expect(questionParts('Where do you work and what is your favourite food?')).toEqual([
      'Where do you work',
      'what is your favourite food?',
    ]);
    expect(questionParts('What is your job? Do you have kids?')).toEqual([
      'What is your job?',
      'Do you have kids?',
    ]);
    expect(questionParts('Do you like salt and pepper?')).toEqual(['Do you like salt and pepper?']);
    expect(questionParts('When and where were you born?')).toEqual([
      'When and where were you born?',
    ]);
  });
});

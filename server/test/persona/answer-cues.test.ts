import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MemoryStore } from '../../src/memories/memory-store.js';
import { cueEvidence, questionCues } from '../../src/persona/answer-cues.js';
import { NO_MEMORIES_ANSWER } from '../../src/persona/persona-service.js';
import { createTestStore, createUser } from '../../../test/support/factories.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
let store: MemoryStore;
beforeAll(async () => {
  test = await createTestDatabase();
  store = await createTestStore(test.db);
});
afterAll(() => test.drop());

/** A user with these public memories, and someone to ask them. */
async function personaOf(prefix: string, texts: string[]) {
  const owner = await createUser(test.db, prefix);
  const ids: string[] = [];
  for (const text of texts) {
    ids.push((await store.memories.create(owner.id, { text, permission: 'public' })).id);
  }
  const asker = await createUser(test.db, 'asker');
  const ask = (question: string) =>
    store.persona.ask(asker.id, { username: owner.username, question });
  return { ids, ask };
}

describe('answer cues: direct questions answered in other words', () => {
  it('a memory answers a question term literally or by the kind of answer it asks for', () => {
    const doctor = questionCues('Who is your doctor?');
    expect(cueEvidence(doctor, 'Our GP is Dr. Okafor at the Riverside surgery.')).toEqual({
      queryTerms: 1,
      foundTerms: 1,
      cuedTerms: 1,
    });
    // "doctorate" shares the stem, not the kind of answer: literal evidence only.
    expect(cueEvidence(doctor, 'I wrote my doctorate on tidal energy.')).toMatchObject({
      foundTerms: 1,
      cuedTerms: 0,
    });
    expect(cueEvidence(doctor, 'My line manager is Professor Lee.')).toMatchObject({
      foundTerms: 0,
    });
    // An idiom is read as what it asks for, not as its words.
    expect(questionCues('What do you do for a living?').terms).toEqual(['job']);
    // A question term with no cue must still be found literally.
    expect(
      cueEvidence(questionCues('What was your first car?'), 'I drive a blue Toyota Yaris.'),
    ).toEqual({ queryTerms: 2, foundTerms: 1, cuedTerms: 1 });
  });

  it('answers "What is your job?" from the occupation, not the employer that sounds closer', async () => {
    const { ids, ask } = await personaOf('biologist', [
      'I work as a marine biologist studying coral reefs.',
      'My employer is the Oceanic Research Institute in Plymouth.',
      'My line manager is Professor Helen Achterberg.',
      'My office is room 214 on the second floor, next to the aquarium room.',
      'We have a grey tabby cat called Pickle who sleeps on the radiator.',
    ]);
    for (const question of ['What is your job?', 'What do you do for a living?']) {
      const result = await ask(question);
      expect(result.citations.map((citation) => citation.memory.id)).toEqual([ids[0]]);
      expect(result.unanswered).toEqual([]);
      expect(result.confidence).toBeGreaterThan(0);
    }
  });

  it('answers "Who is your doctor?" from a GP memory, not from a doctorate or a professor', async () => {
    const { ids, ask } = await personaOf('patient', [
      'Our family GP is Dr. Okafor at the Riverside surgery.',
      'I wrote my doctorate on tidal energy in Aberdeen.',
      'My line manager is Professor Lee.',
      'My next dental check-up is in March.',
      'I swim at the lido on Saturdays.',
    ]);
    const result = await ask('Who is your doctor?');
    expect(result.citations.map((citation) => citation.memory.id)).toEqual([ids[0]]);
  });

  it('answers "Who do you bank with?" from the account memory, not the pension', async () => {
    const { ids, ask } = await personaOf('saver', [
      'Our savings account is with the Yorkshire building society.',
      'I pay into the NHS pension scheme for retirement.',
      'My salary goes up every April.',
      'Paid 35 pounds for printer ink from Boots.',
      'Bought bin bags at the corner shop on Monday.',
    ]);
    const result = await ask('Who do you bank with?');
    expect(result.citations.map((citation) => citation.memory.id)).toEqual([ids[0]]);
  });

  it('finds the car among memories that merely sound like vehicles, and no first car', async () => {
    const people = ['Priya', 'Callum', 'Jess', 'Marek', 'Aisha', 'Dan', 'Lotte', 'Femi', 'Ruth'];
    const { ids, ask } = await personaOf('driver', [
      'We share an old blue Toyota Yaris that smells of dog.',
      ...people.map((name) => `Need to ask ${name} about electric bikes.`),
      ...people.map((name) => `${name} recommended a podcast episode about electric scooters.`),
    ]);
    const result = await ask('What car do you drive?');
    expect(result.citations.map((citation) => citation.memory.id)).toEqual([ids[0]]);
    // "car" is answered by the Yaris, "first" by nothing: no evidence, so it declines.
    const first = await ask('What was your first car?');
    expect(first).toMatchObject({ answer: NO_MEMORIES_ANSWER, citations: [], confidence: 0 });
  });

  it('answers "Where do you work?" from the workplace, not from something that stopped working', async () => {
    const { ids, ask } = await personaOf('worker', [
      'My employer is a small architecture practice in Bristol.',
      ...['Monday', 'Tuesday', 'Saturday', 'Sunday'].map(
        (day) => `The washing machine stopped working on ${day}.`,
      ),
      'I take the train on weekdays.',
    ]);
    const result = await ask('Where do you work?');
    expect(result.citations.map((citation) => citation.memory.id)).toEqual([ids[0]]);
  });
});

/**
 * Deterministic, varied, memory-like sentences for benchmarks: a seeded
 * generator combining subjects, activities, places, times and feelings, so
 * texts differ in wording and topic the way a person's notes do.
 */
const OPENERS = [
  'I',
  'Yesterday I',
  'Last week I',
  'This morning I',
  'Every Sunday I',
  'Once I',
  'Today I',
  'Recently I',
];
const ACTIONS = [
  'cooked a curry',
  'went hiking',
  'read a novel',
  'fixed the bike',
  'called my mother',
  'planted tulips',
  'paid the electricity bill',
  'watched a documentary',
  'ran ten kilometres',
  'painted the fence',
  'booked a dentist appointment',
  'learned a new chord',
  'baked sourdough bread',
  'cleaned the garage',
  'visited the museum',
  'wrote a letter',
  'repaired the dishwasher',
  'played chess',
  'sorted old photos',
  'practised Spanish',
  'took the dog to the vet',
  'renewed my passport',
  'tried a new recipe',
  'went swimming',
];
const PLACES = [
  'at home',
  'in the park',
  'at the office',
  'by the lake',
  'in the city centre',
  'at my sister’s flat',
  'in the mountains',
  'at the library',
  'on the train',
  'at the beach',
  'in the garden',
  'downtown',
];
const COMPANIONS = [
  'alone',
  'with friends',
  'with my partner',
  'with the kids',
  'with colleagues',
  'with my neighbour',
];
const FEELINGS = [
  'and it was relaxing',
  'which took longer than expected',
  'and I want to do it again',
  'but it rained',
  'and it cost more than planned',
  'which made me proud',
  'and I felt tired afterwards',
  'and learned something',
];
const DETAILS = [
  'Remember to buy more flour.',
  'The code for the gate is on the fridge.',
  'Next time start earlier.',
  'Ask Sam about the photos.',
  'Keep the receipt.',
  '',
  '',
  '',
];

/** A small, fast, seeded PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticMemory(random: () => number, index: number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return `${pick(OPENERS)} ${pick(ACTIONS)} ${pick(PLACES)} ${pick(COMPANIONS)} ${pick(FEELINGS)}. ${pick(DETAILS)} (#${index})`.trim();
}

export function syntheticQuestion(random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return `When ${pick(['did I', 'have I'])} ${pick(ACTIONS).replace(/^\w+ /, (verb) => verb)} ${pick(PLACES)}?`;
}

const ASKINGS = ['When did I', 'Have I ever', 'Did I', 'How often did I'];
const PERIODS = [
  'last spring',
  'this year',
  'in the summer',
  'before the move',
  'over the holidays',
  'last month',
  'in 2023',
  'recently',
];

/**
 * A question from tens of thousands of combinations, so a run of a few
 * thousand asks mostly different things (as people do) and a query-vector
 * cache is not what gets measured; the odd repeat stays, as in real use.
 */
export function variedQuestion(random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  return `${pick(ASKINGS)} ${pick(ACTIONS)} ${pick(PLACES)} ${pick(COMPANIONS)} ${pick(PERIODS)}?`;
}

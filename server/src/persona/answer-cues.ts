import { termsOf } from '../memories/keyword-terms.js';

/**
 * Answer cues: keyword evidence for short, direct questions whose answer
 * rarely repeats the question's word. "What is your job?" is answered by
 * "I work as a marine biologist", "Who is your doctor?" by "Our GP is
 * Dr. Adeyemi", "Who do you bank with?" by "Our joint account is with the
 * Nationwide building society": the question's one content term is nowhere in
 * the memory, so plain keyword evidence is zero and the vector score alone is
 * close to that of neighbouring topics (employer, line manager, pension).
 *
 * Each kind of question below names the query terms that ask it (Porter
 * stems, as `keyword-terms.ts` produces them) and a pattern that marks a
 * memory as giving that kind of answer. A question term counts as found in a
 * memory when the memory contains it or matches the answer pattern of a kind
 * it asks. The table is small on purpose: everyday personal facts that people
 * ask about with one word and state with others. It is applied to every
 * question; nothing in it names a particular person's memories.
 */
interface AnswerKind {
  /** What the kind is, for readers of this table. */
  kind: string;
  /** Query terms (stems) that ask for this kind of answer. */
  askedBy: string[];
  /** A memory that gives this kind of answer (matched on its lower-cased text). */
  answeredBy: RegExp;
}

const CAR_MAKES = [
  'audi',
  'bmw',
  'citroen',
  'citroën',
  'dacia',
  'fiat',
  'ford',
  'honda',
  'hyundai',
  'jaguar',
  'kia',
  'land rover',
  'lexus',
  'mazda',
  'mercedes',
  'mini',
  'mitsubishi',
  'nissan',
  'opel',
  'peugeot',
  'porsche',
  'renault',
  'seat',
  'skoda',
  'škoda',
  'subaru',
  'suzuki',
  'tesla',
  'toyota',
  'vauxhall',
  'volkswagen',
  'vw',
  'volvo',
];

/** A pattern for any of these words or phrases, as whole words of a lower-cased text. */
const anyOf = (...phrases: string[]) =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${phrases.join('|')})(?![\\p{L}\\p{N}])`, 'u');

const kind = (name: string, askedBy: string[], answeredBy: RegExp): AnswerKind => ({
  kind: name,
  askedBy: askedBy.flatMap((word) => termsOf(word)),
  answeredBy,
});

export const ANSWER_KINDS: readonly AnswerKind[] = [
  kind(
    'occupation (what someone does for work)',
    ['job', 'occupation', 'profession', 'career', 'work'],
    anyOf(
      'works? as',
      'worked as',
      'working as',
      'employed as',
      'my job',
      'occupation',
      'profession',
      'career',
    ),
  ),
  kind(
    'workplace or employer',
    ['work', 'employer', 'workplace', 'company'],
    anyOf(
      'works? (?:at|for|in)',
      'worked (?:at|for|in)',
      'working (?:at|for|in)',
      'employer',
      'employed by',
      'company',
    ),
  ),
  kind(
    'doctor',
    ['doctor', 'gp', 'physician'],
    anyOf(
      'dr',
      'doctor',
      'gp',
      'physician',
      'surgery',
      'clinic',
      'medical (?:centre|center|practice)',
    ),
  ),
  kind('dentist', ['dentist', 'dental'], anyOf('dentist', 'dental', 'orthodontist')),
  kind(
    'bank',
    ['bank', 'banking'],
    anyOf(
      'banks?',
      'banking',
      '(?:current|joint|savings) account',
      'building society',
      'credit union',
    ),
  ),
  kind(
    'vehicle',
    ['car', 'vehicle', 'drive'],
    anyOf(
      'cars?',
      'vehicle',
      'van',
      'hatchback',
      'saloon',
      'estate car',
      'suv',
      'motorbike',
      'motorcycle',
      ...CAR_MAKES,
    ),
  ),
];

/** What the cues add to a memory's keyword evidence for one question. */
export interface CueEvidence {
  /** Distinct question terms in the question. */
  queryTerms: number;
  /** Question terms the memory holds literally or answers by kind. */
  foundTerms: number;
  /** Of those, the ones found only through an answer kind. */
  cuedTerms: number;
}

/**
 * Idioms that ask for a kind of answer in words that mean something else
 * alone ("living" is not "live"): read as the word they stand for.
 */
const IDIOMS: [RegExp, string][] = [[/\bfor an? (?:living|job)\b/giu, ' job ']];

/** The question's distinct terms and, for each, the answer kinds it asks for. */
export function questionCues(question: string): { terms: string[]; kinds: AnswerKind[][] } {
  const plain = IDIOMS.reduce((text, [idiom, meaning]) => text.replace(idiom, meaning), question);
  const terms = [...new Set(termsOf(plain))];
  return {
    terms,
    kinds: terms.map((term) => ANSWER_KINDS.filter((kind) => kind.askedBy.includes(term))),
  };
}

/** True when some question term asks for a kind of answer (deeper candidate pools pay off then). */
export function hasAnswerCue(question: string): boolean {
  return questionCues(question).kinds.some((kinds) => kinds.length > 0);
}

/** How many of the question's terms a memory holds, literally or by the kind of answer asked for. */
export function cueEvidence(
  cues: ReturnType<typeof questionCues>,
  memoryText: string,
): CueEvidence {
  const memoryTerms = new Set(termsOf(memoryText));
  const lower = memoryText.normalize('NFKC').toLowerCase();
  let foundTerms = 0;
  let cuedTerms = 0;
  cues.terms.forEach((term, index) => {
    if (memoryTerms.has(term)) foundTerms += 1;
    else if (cues.kinds[index]!.some((kind) => kind.answeredBy.test(lower))) {
      foundTerms += 1;
      cuedTerms += 1;
    }
  });
  return { queryTerms: cues.terms.length, foundTerms, cuedTerms };
}

/** Longer than any real client's name; the consent page shows it in a heading. */
export const MAX_CLIENT_NAME_LENGTH = 100;

/** Latin look-alikes among Cyrillic and Greek letters, and digits used as letters. */
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  һ: 'h',
  і: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  т: 't',
  у: 'y',
  х: 'x',
  α: 'a',
  β: 'b',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '|': 'i',
  '!': 'i',
  l: 'i',
};

/** One character as a reader sees it: a lowercase Latin letter, or '' for anything else. */
function seen(char: string): string {
  const base = char.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
  const mapped = LOOK_ALIKES[base] ?? base;
  return /^\p{L}$/u.test(mapped) ? mapped : '';
}

/**
 * A name reduced to what a reader sees: compatibility forms folded (NFKC:
 * full-width letters, ligatures), accents and case dropped, look-alike
 * letters and digits mapped to Latin, and everything that is not a letter
 * removed (spaces, dots, zero-width characters). `starts` holds where the
 * name's words began (after a separator, or at a capital after a small
 * letter), so "MyPicard" and "P i c a r d" match "picard" but "Epic Ardent"
 * does not.
 */
export function nameSkeleton(name: string): { text: string; starts: Set<number> } {
  let text = '';
  const starts = new Set<number>();
  let previous: 'none' | 'separator' | 'lower' | 'upper' = 'none';
  for (const char of name.normalize('NFKC')) {
    const letter = seen(char);
    if (!letter) {
      previous = 'separator';
      continue;
    }
    const upper = char !== char.toLowerCase();
    if (previous !== 'lower' && previous !== 'upper') starts.add(text.length);
    else if (upper && previous === 'lower') starts.add(text.length);
    text += letter;
    previous = upper ? 'upper' : 'lower';
  }
  return { text, starts };
}

/**
 * Whether `name` contains one of `reserved` as a reader would see it,
 * starting at a word: the consent page says "Allow <name> to access your
 * Picard account?", so a self-registered client called "Picard web",
 * "PICARD-Web" or "Picаrd" (Cyrillic а) would pass for the operator's own.
 */
export function imitatesReservedName(name: string, reserved: readonly string[]): boolean {
  const { text, starts } = nameSkeleton(name);
  return reserved.some((word) => {
    const target = nameSkeleton(word).text;
    if (!target) return false;
    for (let at = text.indexOf(target); at !== -1; at = text.indexOf(target, at + 1)) {
      if (starts.has(at)) return true;
    }
    return false;
  });
}

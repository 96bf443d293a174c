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
};

/**
 * A name reduced to what a reader sees: compatibility forms folded (NFKC:
 * full-width letters, ligatures), accents and case dropped, look-alike
 * letters and digits mapped to Latin, and everything that is not a letter
 * removed (spaces, dots, zero-width characters).
 */
export function nameSkeleton(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFD');
  let skeleton = '';
  for (const char of folded) {
    const mapped = LOOK_ALIKES[char] ?? char;
    if (/^\p{L}$/u.test(mapped)) skeleton += mapped;
  }
  return skeleton.replace(/rn/g, 'm').replace(/l/g, 'i');
}

/**
 * Whether `name` contains one of `reserved` as a reader would see it: the
 * consent page says "Allow <name> to access your Picard account?", so a
 * self-registered client called "Picard web", "PICARD-Web" or "Picаrd"
 * (Cyrillic а) would pass for the operator's own.
 */
export function imitatesReservedName(name: string, reserved: readonly string[]): boolean {
  const skeleton = nameSkeleton(name);
  return reserved.some((word) => {
    const target = nameSkeleton(word);
    return target.length > 0 && skeleton.includes(target);
  });
}

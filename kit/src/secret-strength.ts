/**
 * Whether a configured secret looks like the output of a random generator
 * rather than something typed by hand: length alone lets `aaaa…`, an all-zero
 * key or `passwordpassword…` through. A cheap screen, not a proof of
 * randomness: it refuses values with few distinct symbols, values that
 * repeat a shorter pattern, and values whose empirical Shannon entropy falls
 * below `minBits` (random base64 or hex of the required length clears it by a
 * wide margin).
 * Both apps check their production secrets with it.
 */
export function weakSecretReason(
  symbols: ArrayLike<number> | string,
  { minBits = 96, minDistinct = 8 } = {},
): string | undefined {
  const values = typeof symbols === 'string' ? [...symbols] : Array.from(symbols);
  const counts = new Map<unknown, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  if (counts.size < minDistinct) return `has only ${counts.size} different symbols`;
  if (repeatsPattern(values)) return 'repeats a shorter pattern';
  let perSymbol = 0;
  for (const count of counts.values()) {
    const p = count / values.length;
    perSymbol -= p * Math.log2(p);
  }
  if (perSymbol * values.length < minBits) return 'is too predictable';
  return undefined;
}

function repeatsPattern(values: unknown[]): boolean {
  for (let period = 1; period <= values.length / 2; period += 1) {
    if (values.every((value, i) => i < period || value === values[i - period])) return true;
  }
  return false;
}

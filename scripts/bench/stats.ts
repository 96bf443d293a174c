/** Percentile of already-collected samples (nearest rank), rounded to 0.01. */
export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const value =
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  return Math.round(value * 100) / 100;
}

/** Runs `work` once per item, sequentially, returning each call's duration in ms. */
export async function timeEach<T>(
  items: T[],
  work: (item: T) => Promise<unknown>,
): Promise<number[]> {
  const durations: number[] = [];
  for (const item of items) {
    const started = performance.now();
    await work(item);
    durations.push(performance.now() - started);
  }
  return durations;
}

/**
 * Times several kinds of work on the same items, interleaved: for each item
 * every kind runs once, starting with a different kind from one item to the
 * next. A slow minute of the machine (other processes, a checkpoint) then
 * falls on every kind alike, so ratios between kinds compare like with like;
 * timing one kind after the other confounded the kind with the minute it ran
 * in (single runs moved by 20-25 % on a shared 2-core machine).
 */
export async function timeInterleaved<T, K extends string>(
  items: T[],
  kinds: Record<K, (item: T) => Promise<unknown>>,
): Promise<Record<K, number[]>> {
  const names = Object.keys(kinds) as K[];
  const durations = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (const [index, item] of items.entries()) {
    for (let step = 0; step < names.length; step += 1) {
      const name = names[(index + step) % names.length]!;
      const started = performance.now();
      await kinds[name](item);
      durations[name].push(performance.now() - started);
    }
  }
  return durations;
}

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

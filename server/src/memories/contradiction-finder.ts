/** One of the writer's memories, offered to the finder. */
export interface ContradictionCandidate {
  id: string;
  text: string;
}

/** A stored memory the new one may contradict or make out of date. */
export interface Contradiction {
  id: string;
  text: string;
  /** Why, in a short sentence from the model. */
  reason: string;
}

/**
 * Suggests which of the writer's related memories a new one contradicts.
 * Only suggestions: nothing is changed; the caller may supersede them.
 * Never fails a write: an unreachable or slow model suggests nothing.
 */
export interface ContradictionFinder {
  /** False when no model is configured: the write does not gather candidates. */
  readonly enabled: boolean;
  find(text: string, candidates: readonly ContradictionCandidate[]): Promise<Contradiction[]>;
}

/** Offline: near-duplicates are all a write reports. */
export const noContradictionFinder: ContradictionFinder = {
  enabled: false,
  find: () => Promise.resolve([]),
};

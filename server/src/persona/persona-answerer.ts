/** A memory handed to an answerer: only what the asker is allowed to see. */
export interface PersonaMemory {
  id: string;
  text: string;
  createdAt: Date;
}

export interface PersonaQuestion {
  /** The user being impersonated. */
  username: string;
  question: string;
  /** Relevant memories, best first; never empty (the service answers that case itself). */
  memories: PersonaMemory[];
}

export type AnswerMode = 'openai' | 'sampling' | 'extractive';

export interface PersonaAnswer {
  answer: string;
  /** Ids of the memories the answer relies on; always a subset of those given. */
  citedIds: string[];
  mode: AnswerMode;
}

/** Writes a first-person answer from a user's memories. */
export interface PersonaAnswerer {
  readonly mode: AnswerMode;
  answer(question: PersonaQuestion): Promise<PersonaAnswer>;
}

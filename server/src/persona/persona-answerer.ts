/** A memory handed to an answerer: only what the asker is allowed to see. */
export interface PersonaMemory {
  id: string;
  text: string;
  createdAt: Date;
  /** The part of the text that supports the answer. */
  quote: string;
  /** Where the memory can be read (cited as a link). */
  link: string;
}

/** One part of a (possibly several-part) question, with the memories that answer it. */
export interface QuestionPart {
  question: string;
  /** Empty when nothing relevant was found: this part is declined. */
  memories: PersonaMemory[];
}

export interface PersonaQuestion {
  /** The user being impersonated. */
  username: string;
  question: string;
  /** Relevant memories of every part, best first; never empty (the service declines that case itself). */
  memories: PersonaMemory[];
  /** The question's parts in order; one part for a simple question. */
  parts: QuestionPart[];
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

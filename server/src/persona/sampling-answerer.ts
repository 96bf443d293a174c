import { createExtractiveAnswerer } from './extractive-answerer.js';
import type { PersonaAnswerer } from './persona-answerer.js';
import { buildPersonaPrompt, citedIds } from './persona-prompt.js';

/** The part of an MCP sampling request (`sampling/createMessage`) this answerer sends. */
export interface SamplingRequest {
  systemPrompt: string;
  messages: { role: 'user'; content: { type: 'text'; text: string } }[];
  maxTokens: number;
  includeContext: 'none';
  modelPreferences: { intelligencePriority: number; speedPriority: number };
}

/** The client's reply, as far as it matters here. */
export interface SamplingReply {
  content: { type: string; text?: string } | { type: string; text?: string }[];
}

/**
 * Persona answers written by the MCP client's own model through sampling: the
 * same prompt the server's model would get, sent to the client that asked.
 * The memories in it are only those the asker may read. If the client
 * declines or fails, the answer is extractive rather than an error.
 */
export function createSamplingAnswerer(
  createMessage: (request: SamplingRequest) => Promise<SamplingReply>,
  onFailure: (error: Error) => void = () => {},
): PersonaAnswerer {
  const fallback = createExtractiveAnswerer();
  return {
    mode: 'sampling',
    async answer(question) {
      const prompt = buildPersonaPrompt(question);
      try {
        const reply = await createMessage({
          systemPrompt: prompt.system,
          messages: [{ role: 'user', content: { type: 'text', text: prompt.user } }],
          maxTokens: 800,
          // The prompt carries everything; the client's other context must not leak in.
          includeContext: 'none',
          modelPreferences: { intelligencePriority: 0.5, speedPriority: 0.5 },
        });
        const blocks = Array.isArray(reply.content) ? reply.content : [reply.content];
        const answer = blocks
          .filter((block) => block.type === 'text' && typeof block.text === 'string')
          .map((block) => block.text)
          .join('\n')
          .trim();
        if (!answer) throw new Error('the client returned no text');
        return { answer, citedIds: citedIds(answer, question.memories), mode: 'sampling' };
      } catch (error) {
        onFailure(error as Error);
        return fallback.answer(question);
      }
    },
  };
}

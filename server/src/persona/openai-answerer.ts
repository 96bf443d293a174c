import { ChatOpenAI } from '@langchain/openai';
import type { Logger } from '../logger.js';
import { createExtractiveAnswerer } from './extractive-answerer.js';
import type { PersonaAnswerer } from './persona-answerer.js';
import { buildPersonaPrompt, citedIds } from './persona-prompt.js';

export interface OpenAIAnswererOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  model: string;
  logger: Logger;
}

/**
 * Persona answers written by an OpenAI (or compatible) chat model through
 * LangChain. If the model is unreachable the question is still answered,
 * extractively, rather than failing.
 */
export function createOpenAIAnswerer(options: OpenAIAnswererOptions): PersonaAnswerer {
  const chat = new ChatOpenAI({
    apiKey: options.apiKey,
    model: options.model,
    temperature: 0.2,
    maxRetries: 1,
    ...(options.baseUrl ? { configuration: { baseURL: options.baseUrl } } : {}),
  });
  const fallback = createExtractiveAnswerer();
  return {
    mode: 'openai',
    async answer(question) {
      const prompt = buildPersonaPrompt(question);
      try {
        const reply = await chat.invoke([
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ]);
        const answer = typeof reply.content === 'string' ? reply.content : reply.text;
        return { answer, citedIds: citedIds(answer, question.memories), mode: 'openai' };
      } catch (error) {
        options.logger.warn(
          { error: (error as Error).message },
          'persona model failed; answering extractively',
        );
        return fallback.answer(question);
      }
    },
  };
}

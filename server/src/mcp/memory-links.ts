import type { ResourceLink } from '@modelcontextprotocol/server';

/** A memory as results carry it (camelCase, before the MCP spelling). */
interface ListedMemory {
  id: string;
  text: string;
}

/** A short, one-line title for a memory: its first line, cut at 80 characters. */
export function memoryTitle(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** The memories in an operation's result, for the operations whose results list memories. */
const MEMORIES_OF: Record<string, (output: never) => ListedMemory[]> = {
  listMemories: (output: { items: ListedMemory[] }) => output.items,
  searchMemories: (output: { results: { memory: ListedMemory }[] }) =>
    output.results.map((hit) => hit.memory),
  getMemory: (output: ListedMemory) => [output],
  askPersona: (output: { citations: { memory: ListedMemory }[] }) =>
    output.citations.map((hit) => hit.memory),
};

/**
 * `resource_link` content for each memory a result names (`memories://{id}`,
 * the memory resource), so clients can show, attach or re-read them.
 */
export function memoryLinks(operationName: string, output: unknown): ResourceLink[] {
  const memories = MEMORIES_OF[operationName]?.(output as never) ?? [];
  return memories.map((memory) => ({
    type: 'resource_link',
    uri: `memories://${memory.id}`,
    name: memoryTitle(memory.text) || memory.id,
    mimeType: 'application/json',
  }));
}

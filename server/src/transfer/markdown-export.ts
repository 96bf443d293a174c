import type { BundleMemory } from './bundle-format.js';

/**
 * The Markdown export: one document, a section per memory (oldest first)
 * headed by its creation time, its text as written, then a list of its
 * details. Meant for reading and for note tools; the JSON Lines bundle is the
 * one that imports back exactly.
 */
export function markdownHeader(username: string, exportedAt: Date): string {
  return `# Memories of ${username}\n\nExported from Picard on ${readable(exportedAt.toISOString())}.\n`;
}

export function markdownMemory(memory: BundleMemory): string {
  const details = [
    `- Permission: ${memory.permission}`,
    ...(memory.tags.length > 0 ? [`- Tags: ${memory.tags.join(', ')}`] : []),
    ...(memory.expiresAt ? [`- Expires: ${readable(String(memory.expiresAt))}`] : []),
    ...(memory.updatedAt !== memory.createdAt
      ? [`- Updated: ${readable(String(memory.updatedAt))}`]
      : []),
    ...(memory.history.length > 0 ? [`- Earlier versions: ${memory.history.length}`] : []),
  ];
  return `\n## ${readable(String(memory.createdAt))}\n\n${memory.text}\n\n${details.join('\n')}\n`;
}

/** `2030-01-01T12:00:00.000Z` as `2030-01-01 12:00 UTC`. */
const readable = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

import type { Caller } from '../resource-server/caller.js';
import type { AuditEntry } from '../audit/audit-log.js';
import type { Memory, MemoryVersion, ScoredMemory } from '../memories/memory.js';
import type { PersonaResult } from '../persona/persona-service.js';

/**
 * What the REST API (and the MCP tools' structured results) show of domain
 * objects: named fields only, dates as ISO 8601, never a row, a vector or a
 * ciphertext.
 */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function presentMemory(memory: Memory) {
  return {
    id: memory.id,
    ownerId: memory.ownerId,
    text: memory.text,
    permission: memory.permission,
    tags: memory.tags,
    expiresAt: iso(memory.expiresAt),
    createdAt: iso(memory.createdAt),
    updatedAt: iso(memory.updatedAt),
    version: memory.version,
    embeddingPending: memory.embeddingPending,
  };
}

export function presentVersion(version: MemoryVersion) {
  return {
    version: version.version,
    text: version.text,
    permission: version.permission,
    tags: version.tags,
    expiresAt: iso(version.expiresAt),
    createdAt: iso(version.createdAt),
    replacedAt: iso(version.replacedAt),
  };
}

export function presentHit(hit: ScoredMemory) {
  return { score: Math.round(hit.score * 10_000) / 10_000, memory: presentMemory(hit.memory) };
}

export function presentPersona(result: PersonaResult) {
  return {
    username: result.username,
    answer: result.answer,
    mode: result.mode,
    citations: result.citations.map(presentHit),
  };
}

export function presentAuditEntry(entry: AuditEntry) {
  return {
    id: entry.id,
    at: iso(entry.at),
    clientId: entry.clientId,
    surface: entry.surface,
    action: entry.action,
    memoryIds: entry.memoryIds,
    targetUsername: entry.targetUsername,
    outcome: entry.outcome,
  };
}

export function presentMe(
  caller: Caller,
  account: { username: string; name: string | null; email: string },
) {
  return {
    id: caller.userId,
    username: account.username,
    name: account.name,
    email: account.email,
    clientId: caller.clientId,
    scopes: caller.scopes,
  };
}

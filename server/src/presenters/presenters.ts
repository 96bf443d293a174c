import { z } from 'zod';
import type { Caller } from '../resource-server/caller.js';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES, type AuditEntry } from '../audit/audit-log.js';
import type { Memory, MemoryVersion, ScoredMemory } from '../memories/memory.js';
import type { CreatedMemory, MemorySummary, UpdatedMemory } from '../memories/memory-service.js';
import { MAX_DATE, MIN_DATE, PERMISSIONS } from '../memories/memory-input.js';
import type { PersonaResult } from '../persona/persona-service.js';

/**
 * What the surfaces show of domain objects: each output schema names the
 * fields that leave the server (dates as RFC 3339 strings, never a row, a
 * vector or a ciphertext), and each presenter fills exactly those. The
 * operation catalogue parses every result through its schema, which drops
 * anything not named here. Schemas with an `id` become named components in
 * the OpenAPI document.
 */

const timestamp = z.iso.datetime({ offset: true });
/**
 * RFC 3339 has four-digit years only. A date stored outside them (written
 * before input was limited to years 0001–9999, or straight into the
 * database) is shown at the nearest end of that range rather than breaking
 * every list it is in. Both database drivers read such a timestamp as an
 * invalid Date; it is shown as the end of year 9999 (in practice it is a
 * far-future expiry: a past one would have been purged).
 */
const iso = (date: Date) => {
  const time = date.getTime();
  if (Number.isNaN(time)) return MAX_DATE.toISOString();
  return new Date(Math.min(MAX_DATE.getTime(), Math.max(MIN_DATE.getTime(), time))).toISOString();
};
const isoOrNull = (date: Date | null) => (date ? iso(date) : null);

export const memoryOutput = z
  .object({
    id: z.uuid(),
    ownerId: z.uuid(),
    text: z.string(),
    permission: z.enum(PERMISSIONS),
    tags: z.array(z.string()),
    expiresAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
    version: z.int().min(1).meta({ description: '1 for a new memory, +1 per edit.' }),
    embeddingPending: z
      .boolean()
      .meta({ description: 'True until the memory has a vector (not yet found by search).' }),
    supersededBy: z.uuid().nullable().meta({
      description:
        'The memory that replaced this one (left out of search and persona answers while set); null when current.',
    }),
  })
  .meta({ id: 'Memory', description: 'A memory: yours, or another user’s public one.' });

export function presentMemory(memory: Memory): z.input<typeof memoryOutput> {
  return {
    id: memory.id,
    ownerId: memory.ownerId,
    text: memory.text,
    permission: memory.permission,
    tags: memory.tags,
    expiresAt: isoOrNull(memory.expiresAt),
    createdAt: iso(memory.createdAt),
    updatedAt: iso(memory.updatedAt),
    version: memory.version,
    embeddingPending: memory.embeddingPending,
    supersededBy: memory.supersededBy,
  };
}

const nearDuplicatesOutput = z
  .array(
    z.object({
      id: z.uuid(),
      text: z.string(),
      similarity: z.number().meta({ description: 'Cosine similarity to the new text.' }),
    }),
  )
  .meta({ description: 'Your memories the text nearly repeats, closest first.' });

const contradictionsOutput = (advice: string) =>
  z
    .array(
      z.object({
        id: z.uuid(),
        text: z.string(),
        reason: z.string().meta({ description: "The language model's reason, one sentence." }),
      }),
    )
    .meta({
      description: `Your memories the new text may contradict or make out of date, suggested by the configured language model (always empty without one). Nothing is changed: ${advice}`,
    });

export const createdMemoryOutput = memoryOutput
  .extend({
    duplicates: nearDuplicatesOutput,
    contradictions: contradictionsOutput('update the new memory with supersedes to replace them.'),
    skipped: z.boolean().meta({
      description:
        'True when onDuplicate "skip" stored nothing: the memory shown is the closest existing one.',
    }),
  })
  .meta({
    id: 'CreatedMemory',
    description: 'A stored memory, with the near-duplicates and possible contradictions found.',
  });

export const updatedMemoryOutput = memoryOutput
  .extend({
    duplicates: nearDuplicatesOutput,
    contradictions: contradictionsOutput(
      'update this memory again with supersedes to replace them.',
    ),
  })
  .meta({
    id: 'UpdatedMemory',
    description:
      'An edited memory; when its text changed, your other memories it now nearly repeats and may contradict (both empty otherwise).',
  });

export function presentCreatedMemory(memory: CreatedMemory): z.input<typeof createdMemoryOutput> {
  return { ...presentUpdatedMemory(memory), skipped: memory.skipped };
}

export function presentUpdatedMemory(memory: UpdatedMemory): z.input<typeof updatedMemoryOutput> {
  return {
    ...presentMemory(memory),
    duplicates: memory.duplicates.map((duplicate) => ({
      id: duplicate.id,
      text: duplicate.text,
      similarity: round(duplicate.similarity),
    })),
    contradictions: memory.contradictions.map(({ id, text, reason }) => ({ id, text, reason })),
  };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

export const memoryPageOutput = z.object({
  items: z.array(memoryOutput),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass back as `cursor` for the next page; null on the last page.' }),
});

export function presentMemoryPage(page: {
  items: Memory[];
  nextCursor?: string;
}): z.input<typeof memoryPageOutput> {
  return { items: page.items.map(presentMemory), nextCursor: page.nextCursor ?? null };
}

export const versionOutput = z
  .object({
    version: z.int().min(1),
    text: z.string(),
    permission: z.enum(PERMISSIONS),
    tags: z.array(z.string()),
    expiresAt: timestamp.nullable(),
    createdAt: timestamp,
    replacedAt: timestamp,
  })
  .meta({ id: 'MemoryVersion', description: 'A memory as it was before an edit.' });

export const historyOutput = z.object({ items: z.array(versionOutput) });

export function presentHistory(versions: MemoryVersion[]): z.input<typeof historyOutput> {
  return {
    items: versions.map((version) => ({
      version: version.version,
      text: version.text,
      permission: version.permission,
      tags: version.tags,
      expiresAt: isoOrNull(version.expiresAt),
      createdAt: iso(version.createdAt),
      replacedAt: iso(version.replacedAt),
    })),
  };
}

export const hitOutput = z
  .object({
    score: z.number().nullable().meta({
      description:
        'Cosine similarity to the query, -1 to 1; null for a memory found by its words before it has a vector.',
    }),
    relevance: z
      .number()
      .meta({ description: 'The fused rank score results are ordered by (higher is better).' }),
    match: z.enum(['strong', 'weak']).meta({
      description:
        '"weak": below the model\'s usual similarity and sharing few of the query\'s words; ranked, not hidden, but likely unrelated.',
    }),
    keywordMatches: z.int().meta({
      description: 'How many of the query’s distinct words (stemmed) the memory contains.',
    }),
    ownerUsername: z.string().meta({ description: 'The username of the memory’s owner.' }),
    memory: memoryOutput,
  })
  .meta({ id: 'Hit', description: 'A search result.' });

const presentHit = (hit: ScoredMemory): z.input<typeof hitOutput> => ({
  score: hit.score === null ? null : round(hit.score),
  relevance: Math.round(hit.relevance * 1_000_000) / 1_000_000,
  match: hit.match,
  keywordMatches: hit.keyword.matchedTerms,
  ownerUsername: hit.ownerUsername,
  memory: presentMemory(hit.memory),
});

export const searchOutput = z.object({ results: z.array(hitOutput) });

export function presentHits(hits: ScoredMemory[]): z.input<typeof searchOutput> {
  return { results: hits.map(presentHit) };
}

export const personaOutput = z
  .object({
    username: z.string(),
    answer: z.string(),
    mode: z.enum(['openai', 'sampling', 'extractive']).meta({
      description:
        "Who wrote the answer: the server's model, the client's model (sampling), or extracts.",
    }),
    confidence: z.number().min(0).max(1).meta({
      description:
        'How strongly the cited memories support the answer, 0–1; 0 when it declines for lack of relevant memories.',
    }),
    citations: z.array(
      hitOutput
        .extend({
          quote: z.string().meta({ description: 'The memory text that supports the answer.' }),
        })
        .meta({
          id: 'Citation',
          description: 'A memory the answer relies on, with its supporting text.',
        }),
    ),
    unanswered: z.array(z.string()).meta({
      description:
        'Parts of the question no relevant memory answers (the whole question when the answer declines).',
    }),
  })
  .meta({ id: 'PersonaAnswer', description: 'An answer in a user’s voice, with its sources.' });

export function presentPersona(result: PersonaResult): z.input<typeof personaOutput> {
  return {
    username: result.username,
    answer: result.answer,
    mode: result.mode,
    confidence: result.confidence,
    citations: result.citations.map((citation) => ({
      ...presentHit(citation),
      quote: citation.quote,
    })),
    unanswered: result.unanswered,
  };
}

export const deletedOutput = z.object({ deleted: z.uuid() });

export const auditEntryOutput = z
  .object({
    id: z.uuid(),
    at: timestamp,
    clientId: z.string(),
    clientName: z.string().meta({ description: "The application's name (or its id)." }),
    surface: z.enum(['api', 'mcp']),
    action: z.enum(AUDIT_ACTIONS),
    memoryIds: z.array(z.uuid()),
    targetUsername: z.string().nullable(),
    outcome: z.enum(AUDIT_OUTCOMES),
  })
  .meta({ id: 'AuditEntry', description: 'One memory operation made for you.' });

export const auditPageOutput = z.object({
  items: z.array(auditEntryOutput),
  nextCursor: z.string().nullable(),
});

export function presentAuditPage(
  page: { items: AuditEntry[]; nextCursor?: string },
  clientNames: Record<string, string>,
): z.input<typeof auditPageOutput> {
  return {
    items: page.items.map((entry) => ({
      id: entry.id,
      at: iso(entry.at),
      clientId: entry.clientId,
      clientName: clientNames[entry.clientId] ?? entry.clientId,
      surface: entry.surface,
      action: entry.action,
      memoryIds: entry.memoryIds,
      targetUsername: entry.targetUsername,
      outcome: entry.outcome,
    })),
    nextCursor: page.nextCursor ?? null,
  };
}

export const summaryOutput = z
  .object({
    total: z.number().int(),
    byPermission: z.object({
      private: z.number().int(),
      public: z.number().int(),
      shared: z.number().int(),
    }),
    tags: z.array(z.object({ name: z.string(), count: z.number().int() })),
  })
  .meta({
    id: 'MemorySummary',
    description: 'How many memories you have, by permission, and your tags, most used first.',
  });

export function presentSummary(summary: MemorySummary): z.input<typeof summaryOutput> {
  return {
    total: summary.total,
    byPermission: { ...summary.byPermission },
    tags: summary.tags.map(({ name, count }) => ({ name, count })),
  };
}

export const meOutput = z
  .object({
    id: z.uuid(),
    username: z.string(),
    name: z.string().nullable(),
    email: z.string(),
    clientId: z.string(),
    scopes: z.array(z.string()),
  })
  .meta({ id: 'Me', description: 'The user and application a token acts for.' });

export function presentMe(
  caller: Caller,
  account: { username: string; name: string | null; email: string },
): z.input<typeof meOutput> {
  return {
    id: caller.userId,
    username: account.username,
    name: account.name,
    email: account.email,
    clientId: caller.clientId,
    scopes: caller.scopes,
  };
}

export const sharingOutput = z
  .object({
    memoryId: z.uuid(),
    permission: z.enum(PERMISSIONS),
    users: z.array(z.string()).meta({ description: 'Usernames the memory is shared with.' }),
    groups: z
      .array(z.object({ id: z.uuid(), name: z.string() }))
      .meta({ description: 'Groups whose members the memory is shared with.' }),
  })
  .meta({
    id: 'Sharing',
    description:
      'Who a memory is shared with (owners only). Sharing applies while the permission is "shared".',
  });

export function presentSharing(sharing: {
  memoryId: string;
  permission: Memory['permission'];
  users: string[];
  groups: { id: string; name: string }[];
}): z.input<typeof sharingOutput> {
  return {
    memoryId: sharing.memoryId,
    permission: sharing.permission,
    users: [...sharing.users],
    groups: sharing.groups.map(({ id, name }) => ({ id, name })),
  };
}

export const sharedReadsOutput = z.object({
  items: z.array(
    z.object({
      username: z.string(),
      action: z.enum(AUDIT_ACTIONS),
      at: timestamp,
    }),
  ),
});

export function presentSharedReads(
  reads: { username: string; action: string; at: Date }[],
): z.input<typeof sharedReadsOutput> {
  return {
    items: reads.map((read) => ({
      username: read.username,
      action: read.action as AuditEntry['action'],
      at: iso(read.at),
    })),
  };
}

export const groupOutput = z
  .object({
    id: z.uuid(),
    name: z.string(),
    owner: z.string().meta({ description: 'The username of who made the group.' }),
    members: z.array(z.string()).meta({ description: 'Member usernames, the owner included.' }),
    createdAt: timestamp,
  })
  .meta({ id: 'Group', description: 'A group you own or belong to.' });

export const groupListOutput = z.object({ items: z.array(groupOutput) });

export function presentGroup(group: {
  id: string;
  name: string;
  ownerId: string;
  createdAt: Date;
  members: { userId: string; username: string }[];
}): z.input<typeof groupOutput> {
  return {
    id: group.id,
    name: group.name,
    owner: group.members.find((member) => member.userId === group.ownerId)?.username ?? '',
    members: group.members.map((member) => member.username),
    createdAt: iso(group.createdAt),
  };
}

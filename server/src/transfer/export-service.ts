import { limitTagsParam, toActor, type Actor, type ActorLike } from '../memories/visibility.js';
import type { Database } from '../db/database.js';
import { NotFoundError } from '../errors/domain-errors.js';
import type { MemoryRepository, ExportRow, VersionSqlRow } from '../memories/memory-repository.js';
import type { TextCipher } from '../memories/text-cipher.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleMemory } from './bundle-format.js';
import { markdownHeader, markdownMemory } from './markdown-export.js';

export const EXPORT_FORMATS = ['jsonl', 'markdown'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The media type of each export format. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/jsonl',
  markdown: 'text/markdown',
};

/** A response body written piece by piece, with what it is. */
export interface StreamedFile {
  mediaType: string;
  /** A suggested file name for downloads. */
  filename: string;
  chunks: AsyncIterable<string>;
}

export interface ExportService {
  /**
   * The actor's own unexpired memories (private ones too, nobody else's), as
   * a Picard bundle or a Markdown document. Read a page at a time while the
   * result is consumed, so memory stays bounded whatever the count.
   */
  exportMemories(
    actor: ActorLike,
    options: { format: ExportFormat; includeEmbeddings?: boolean | undefined },
  ): Promise<StreamedFile>;
}

const PAGE_SIZE = 500;

export function createExportService(deps: {
  db: Database;
  repository: MemoryRepository;
  cipher: TextCipher;
  now?: () => Date;
}): ExportService {
  const { db, repository, cipher } = deps;
  const now = deps.now ?? (() => new Date());

  /** The owner's memories as bundle lines, a page at a time. */
  async function* memories(
    owner: Actor,
    at: Date,
    withEmbeddings: boolean,
  ): AsyncGenerator<BundleMemory> {
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const rows = await repository.exportPage({
        ownerId: owner.userId,
        limitTags: limitTagsParam(owner),
        now: at,
        after,
        withEmbeddings,
        limit: PAGE_SIZE,
      });
      if (rows.length === 0) return;
      const history = groupVersions(await repository.versionsOf(rows.map((row) => row.id)));
      for (const row of rows) yield toBundleMemory(row, history.get(row.id) ?? [], cipher);
      const last = rows.at(-1)!;
      after = { createdAt: last.created_at, id: last.id };
      if (rows.length < PAGE_SIZE) return;
    }
  }

  return {
    async exportMemories(actorLike, { format, includeEmbeddings = false }) {
      // A tag-limited application exports only what it may read (visibility.ts).
      const actor = toActor(actorLike);
      const actorId = actor.userId;
      const user = await db.prisma.user.findUnique({ where: { id: actorId } });
      if (!user) throw new NotFoundError('user');
      const at = now();
      const stamp = at.toISOString().slice(0, 10);
      const lines = memories(actor, at, includeEmbeddings);

      if (format === 'markdown') {
        return {
          mediaType: EXPORT_MEDIA_TYPES.markdown,
          filename: `picard-${user.username}-${stamp}.md`,
          chunks: (async function* () {
            yield markdownHeader(user.username, at);
            for await (const memory of lines) yield markdownMemory(memory);
          })(),
        };
      }
      return {
        mediaType: EXPORT_MEDIA_TYPES.jsonl,
        filename: `picard-${user.username}-${stamp}.jsonl`,
        chunks: (async function* () {
          yield `${JSON.stringify({
            format: BUNDLE_FORMAT,
            version: BUNDLE_VERSION,
            exportedAt: at.toISOString(),
            user: { id: user.id, username: user.username },
            includesEmbeddings: includeEmbeddings,
          })}\n`;
          let count = 0;
          for await (const memory of lines) {
            count += 1;
            yield `${JSON.stringify(memory)}\n`;
          }
          yield `${JSON.stringify({ type: 'end', memories: count })}\n`;
        })(),
      };
    },
  };
}

function groupVersions(rows: VersionSqlRow[]): Map<string, VersionSqlRow[]> {
  const byMemory = new Map<string, VersionSqlRow[]>();
  for (const row of rows) {
    const list = byMemory.get(row.memory_id) ?? [];
    list.push(row);
    byMemory.set(row.memory_id, list);
  }
  return byMemory;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toBundleMemory(row: ExportRow, history: VersionSqlRow[], cipher: TextCipher) {
  const memory: BundleMemory = {
    type: 'memory',
    id: row.id,
    text: cipher.decrypt(row.text_ciphertext, row.key_id, row.id),
    permission: row.permission,
    tags: row.tags ?? [],
    expiresAt: iso(row.expires_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    history: history.map((version) => ({
      version: version.version,
      text: cipher.decrypt(version.text_ciphertext, version.key_id, row.id),
      permission: version.permission,
      tags: version.tags ?? [],
      expiresAt: iso(version.expires_at),
      createdAt: version.created_at.toISOString(),
      replacedAt: version.replaced_at.toISOString(),
    })),
  };
  if (row.embedding && row.embedding_model) {
    memory.embedding = {
      model: row.embedding_model,
      vector: JSON.parse(row.embedding) as number[],
    };
  }
  return memory;
}

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { createMemoryRepository } from '../memories/memory-repository.js';
import { createTextCipher } from '../memories/text-cipher.js';
import { createExportService, EXPORT_FORMATS, type ExportFormat } from './export-service.js';

/**
 * `npm run export -- --user NAME --out FILE [--format jsonl|markdown]
 * [--include-embeddings]`: writes one user's memories to a file, as the
 * REST export does, straight from the database (an operator's tool: it needs
 * the server's configuration). Written to a temporary name and renamed, so
 * FILE is never left half-written. With the embedded database, stop the
 * server first or use the REST export: one process at a time may open it.
 */
const USAGE =
  'usage: npm run export -- --user NAME --out FILE [--format jsonl|markdown] [--include-embeddings]';

try {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      'include-embeddings': { type: 'boolean', default: false },
    },
  });
  if (!values.user || !values.out) throw new Error(USAGE);
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new Error('--format must be jsonl or markdown');
  const config = loadConfig();
  const db = await createDatabase(config.database);
  try {
    const user = await db.prisma.user.findUnique({
      where: { username: values.user.trim().toLowerCase() },
    });
    if (!user) throw new Error(`no user named "${values.user}"`);
    const cipher = createTextCipher({
      key: config.secrets.memoryEncryptionKey,
      previousKeys: config.memories.previousEncryptionKeys,
    });
    const exports = createExportService({ db, repository: createMemoryRepository(db), cipher });
    const file = await exports.exportMemories(user.id, {
      format,
      includeEmbeddings: values['include-embeddings'],
    });
    const partial = `${values.out}.partial`;
    let count = 0;
    const counted = (async function* () {
      for await (const chunk of file.chunks) {
        if (chunk.startsWith('{"type":"memory"') || chunk.startsWith('\n## ')) count += 1;
        yield chunk;
      }
    })();
    try {
      await pipeline(Readable.from(counted), createWriteStream(partial, { mode: 0o600 }));
      await rename(partial, values.out);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    console.log(`exported ${count} memories of ${user.username} to ${values.out}`);
  } finally {
    await db.close();
  }
} catch (error) {
  const prefix = error instanceof ConfigError ? 'configuration error: ' : '';
  console.error(`picard export: ${prefix}${(error as Error).message}`);
  process.exitCode = 1;
}

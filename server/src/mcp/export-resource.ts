import type { McpServer } from '@modelcontextprotocol/server';
import { ExportTooLargeError } from '../errors/domain-errors.js';
import { exportMemories } from '../operations/transfer-operations.js';
import { answering } from './answering.js';
import type { McpHandlerDeps } from './mcp-server.js';

/**
 * The most characters an export read over MCP returns: one message holds the
 * whole file, and a client passes it through a model's context or a disk.
 */
export const MAX_MCP_EXPORT_CHARS = 4 * 1024 * 1024;

/**
 * `export://me` (the Picard bundle) and `export://me/markdown`: the caller's
 * own memories as the `exportMemories` operation produces them, checked and
 * audited as on REST. A resource read is one message, so the whole file is
 * gathered first, up to {@link MAX_MCP_EXPORT_CHARS}; a larger one is refused
 * with the way to download it (REST streams any size; README, "Export,
 * import and backups").
 */
export function registerExportResources(server: McpServer, deps: McpHandlerDeps): void {
  const { runner, caller, logger } = deps;
  const exportAs = (
    format: 'jsonl' | 'markdown',
    uri: string,
    title: string,
    description: string,
  ) =>
    server.registerResource(
      `export-${format}`,
      uri,
      { title, description, mimeType: format === 'jsonl' ? 'application/jsonl' : 'text/markdown' },
      (url) =>
        answering(
          logger,
          async () => {
            const file = await runner.run(exportMemories, caller, { format });
            let text = '';
            for await (const chunk of file.chunks) {
              text += chunk;
              // Leaving the loop ends the database read.
              if (text.length > MAX_MCP_EXPORT_CHARS) {
                throw new ExportTooLargeError(
                  `Your export is larger than ${MAX_MCP_EXPORT_CHARS / 1024 / 1024} MiB, too large for one MCP message. Download it instead: GET /api/v1/me/export, the web client's profile page, or npm run export; those stream any size.`,
                );
              }
            }
            return { contents: [{ uri: url.href, mimeType: file.mediaType, text }] };
          },
          url.href,
        ),
    );
  exportAs(
    'jsonl',
    'export://me',
    'Export of your memories',
    'All of your own memories as a Picard bundle (JSON Lines), which imports back exactly.',
  );
  exportAs(
    'markdown',
    'export://me/markdown',
    'Your memories as Markdown',
    'All of your own memories as one readable Markdown document.',
  );
}

import type { McpServer } from '@modelcontextprotocol/server';
import { exportMemories } from '../operations/transfer-operations.js';
import { answering } from './answering.js';
import type { McpHandlerDeps } from './mcp-server.js';

/**
 * `export://me` (the Picard bundle) and `export://me/markdown`: the caller's
 * own memories as the `exportMemories` operation produces them, checked and
 * audited as on REST. A resource read is one message, so the whole file is
 * gathered first; for very large collections REST's streamed download is the
 * better way (README, "Export and import").
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
            for await (const chunk of file.chunks) text += chunk;
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

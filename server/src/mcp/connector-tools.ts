import { z } from 'zod';
import { TOOL_INTERNAL_ERROR, toolErrorMessage } from '../errors/error-mapping.js';
import { getMemory, searchMemories } from '../operations/memory-operations.js';
import { jsonSchemaOf } from '../operations/json-schema.js';
import type { AnyOperation } from '../operations/operation.js';
import { memoryTitle } from './memory-links.js';
import { errorResult, type McpTool, type ToolDeps } from './tool-results.js';

/**
 * `search` and `fetch`, in the shape ChatGPT connectors and deep research
 * expect (OpenAI, "Building MCP servers for ChatGPT and API integrations",
 * platform.openai.com/docs/mcp): `search` takes one query string and answers
 * `{ results: [{ id, title, url }] }`; `fetch` takes one id and answers
 * `{ id, title, text, url, metadata }`; each as structured content and as
 * exactly one text item holding the same JSON. A result is citable only
 * with a non-empty `url`: the memory's page in the web client. They run the
 * catalogue's own operations (`searchMemories`, `getMemory`), so scope,
 * permissions and the audit log are those of `query_memory` and `get_memory`.
 */

const searchInput = z.strictObject({
  query: z.string().meta({ description: 'What to look for, in natural language.' }),
});
const fetchInput = z.strictObject({
  id: z.string().meta({ description: 'A memory id, as returned by search.' }),
});
const searchOutput = z.object({
  results: z.array(z.object({ id: z.string(), title: z.string(), url: z.string() })),
});
const fetchOutput = z.object({
  id: z.string(),
  title: z.string(),
  text: z.string(),
  url: z.string(),
  metadata: z.object({
    permission: z.string(),
    tags: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
    expires_at: z.string().nullable(),
  }),
});

type Memory = z.output<typeof getMemory.output>;

interface ConnectorTool<Input extends z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output: z.ZodObject;
  operation: AnyOperation;
  run: (input: z.output<Input>, deps: ToolDeps) => Promise<unknown>;
}

const definitions = [
  {
    name: 'search',
    title: 'Search memories (connectors)',
    description:
      "Searches the signed-in user's memories by meaning and returns the ten best as id, title and url; read one in full with fetch.",
    input: searchInput,
    output: searchOutput,
    operation: searchMemories,
    run: async ({ query }, deps) => {
      const found = await deps.runner.run(searchMemories, deps.caller, { query, limit: 10 });
      return {
        results: found.results.map(({ memory }) => ({
          id: memory.id,
          title: memoryTitle(memory.text),
          url: deps.memoryUrl(memory.id),
        })),
      };
    },
  } satisfies ConnectorTool<typeof searchInput>,
  {
    name: 'fetch',
    title: 'Read a memory (connectors)',
    description:
      'Reads one memory in full by the id search returned: its text, a title, its url and metadata.',
    input: fetchInput,
    output: fetchOutput,
    operation: getMemory,
    run: async ({ id }, deps) => {
      const memory: Memory = await deps.runner.run(getMemory, deps.caller, { memoryId: id });
      return {
        id: memory.id,
        title: memoryTitle(memory.text),
        text: memory.text,
        url: deps.memoryUrl(memory.id),
        metadata: {
          permission: memory.permission,
          tags: memory.tags,
          created_at: memory.createdAt,
          updated_at: memory.updatedAt,
          expires_at: memory.expiresAt,
        },
      };
    },
  } satisfies ConnectorTool<typeof fetchInput>,
];

/** Built on first use and shared by every request's server (deriving schemas is costly). */
let toolDefinitions: McpTool['definition'][] | undefined;

const definitionsOnce = () =>
  (toolDefinitions ??= definitions.map((tool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchemaOf(tool.input, 'input') as never,
    outputSchema: jsonSchemaOf(tool.output, 'output') as never,
    annotations: { title: tool.title, readOnlyHint: true, openWorldHint: false },
  })));

export function connectorTools(deps: ToolDeps): McpTool[] {
  const built = definitionsOnce();
  return definitions.map((tool, index) => ({
    definition: built[index]!,
    async call(args) {
      const parsed = (tool.input as z.ZodObject).safeParse(args ?? {});
      if (!parsed.success) {
        return errorResult(parsed.error.issues.map((issue) => issue.message).join('; '));
      }
      try {
        const data = await (tool.run as (input: unknown, deps: ToolDeps) => Promise<unknown>)(
          parsed.data,
          deps,
        );
        return {
          content: [{ type: 'text', text: JSON.stringify(data) }],
          structuredContent: data as Record<string, unknown>,
        };
      } catch (error) {
        const message = toolErrorMessage(error, (text) => text);
        if (message !== undefined) return errorResult(message);
        deps.logger.error({ err: error, tool: tool.name }, 'tool failed');
        return errorResult(TOOL_INTERNAL_ERROR);
      }
    },
  }));
}

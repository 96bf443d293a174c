import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { TOOL_INTERNAL_ERROR, toolErrorMessage } from '../errors/error-mapping.js';
import type { Logger } from '../logger.js';
import { objectShape } from '../memories/memory-input.js';
import { quotableName } from '../text/safe-text.js';
import { OPERATIONS } from '../operations/catalogue.js';
import { inlineDefinitions, jsonSchemaOf } from '../operations/json-schema.js';
import type { AnyOperation, OperationKind } from '../operations/operation.js';
import type { OperationRunner } from '../operations/run-operation.js';
import type { AnswererFor, CallerOf, RequestExtra } from './mcp-server.js';
import { followProgress } from './progress.js';
import { snakeCase, snakeFieldNames, snakeKeys, snakeSchema } from './snake-case.js';

/** MCP tool annotations, from what the operation does to memories. */
const ANNOTATIONS: Record<OperationKind, Tool['annotations']> = {
  read: { readOnlyHint: true, openWorldHint: false },
  create: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  update: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
  delete: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
};

/** A catalogue operation as an MCP tool: its definition and how to call it. */
interface McpTool {
  definition: Tool;
  call(args: Record<string, unknown> | undefined, extra: RequestExtra): Promise<CallToolResult>;
}

/** A successful result: the data as JSON text (for any client) and as structured content. */
function jsonResult(data: unknown): CallToolResult {
  const structured = snakeKeys(data) as Record<string, unknown>;
  return {
    content: [{ type: 'text', text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
  };
}

function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

function toolFor(
  operation: AnyOperation,
  deps: { runner: OperationRunner; logger: Logger; callerOf: CallerOf; answererFor: AnswererFor },
): McpTool {
  const fields = Object.keys(objectShape(operation.input) ?? {});
  const camelOf = new Map(fields.map((field) => [snakeCase(field), field]));
  const expected = [...camelOf.keys()].map((name) => `"${name}"`).join(', ') || 'none';
  const annotations = { ...ANNOTATIONS[operation.kind] };
  if (operation.kind !== 'read' && operation.idempotent) annotations.idempotentHint = true;

  return {
    definition: {
      name: operation.tool!,
      title: operation.summary,
      description: operation.description,
      inputSchema: snakeSchema(
        inlineDefinitions(jsonSchemaOf(operation.input, 'input')),
      ) as Tool['inputSchema'],
      outputSchema: snakeSchema(
        inlineDefinitions(jsonSchemaOf(operation.output, 'output')),
      ) as Tool['outputSchema'],
      annotations: { title: operation.summary, ...annotations },
    },

    async call(args, extra) {
      // The SDK's CallToolRequestSchema has already made `arguments` an object or absent.
      const given = Object.entries(args ?? {});
      const unknown = given.find(([name]) => !camelOf.has(name));
      if (unknown) {
        return errorResult(`unknown argument ${quotableName(unknown[0])}; expected ${expected}`);
      }
      const input = Object.fromEntries(given.map(([name, value]) => [camelOf.get(name)!, value]));
      try {
        const caller = deps.callerOf(extra);
        const output = await deps.runner.run(operation, caller, input, {
          answerer: deps.answererFor(extra),
        });
        await followProgress(operation, output, extra, { runner: deps.runner, caller });
        return jsonResult(output);
      } catch (error) {
        const message = toolErrorMessage(error, (text) => snakeFieldNames(text, fields));
        if (message !== undefined) return errorResult(message);
        deps.logger.error({ err: error, tool: operation.tool }, 'tool failed');
        return errorResult(TOOL_INTERNAL_ERROR);
      }
    },
  };
}

/**
 * The catalogue's operations that have a tool name, as MCP tools: schemas
 * with snake_case names derived from the operation's own, annotations from
 * its kind, results whose `structuredContent` matches `outputSchema`.
 * Arguments are checked here, with the operation's strict schema, so an
 * unknown or misspelt argument is an `isError` result the model can read.
 */
export function registerTools(
  server: McpServer,
  deps: { runner: OperationRunner; logger: Logger; callerOf: CallerOf; answererFor: AnswererFor },
): void {
  const tools = new Map(
    OPERATIONS.filter((operation) => operation.tool).map((operation) => [
      operation.tool!,
      toolFor(operation, deps),
    ]),
  );
  const definitions = [...tools.values()].map((tool) => tool.definition);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: definitions }));
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = tools.get(request.params.name);
    // The specification's error for an unknown tool: invalid params.
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool: ${quotableName(request.params.name)}`,
      );
    }
    return tool.call(request.params.arguments, extra);
  });
}

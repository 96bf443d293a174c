import {
  ProtocolError,
  ProtocolErrorCode,
  type CallToolResult,
  type McpServer,
  type Tool,
} from '@modelcontextprotocol/server';
import { TOOL_INTERNAL_ERROR, toolErrorMessage } from '../errors/error-mapping.js';
import { objectShape } from '../memories/memory-input.js';
import { quotableName } from '../text/safe-text.js';
import { OPERATIONS } from '../operations/catalogue.js';
import { inlineDefinitions, jsonSchemaOf } from '../operations/json-schema.js';
import type { AnyOperation, OperationKind } from '../operations/operation.js';
import { confirmationNote, confirmationStep } from './confirmation.js';
import { connectorTools } from './connector-tools.js';
import { memoryLinks } from './memory-links.js';
import { followProgress } from './progress.js';
import { errorResult, type McpTool, type ToolDeps } from './tool-results.js';
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

/**
 * A successful result: the data as structured content (matching the tool's
 * outputSchema), the same as JSON text for clients that read only text, and
 * a `resource_link` to each memory it names.
 */
function jsonResult(operation: AnyOperation, data: unknown): CallToolResult {
  const structured = snakeKeys(data) as Record<string, unknown>;
  return {
    content: [
      { type: 'text', text: JSON.stringify(structured, null, 2) },
      ...memoryLinks(operation.name, data),
    ],
    structuredContent: structured,
  };
}

/**
 * Tool definitions depend only on the operation, and deriving their JSON
 * Schemas from zod is costly: a server is built per MCP request, so they are
 * built once per process and shared (nothing changes them once built).
 */
const definitions = new WeakMap<AnyOperation, Tool>();

function definitionOf(operation: AnyOperation): Tool {
  const known = definitions.get(operation);
  if (known) return known;
  const annotations = { ...ANNOTATIONS[operation.kind] };
  if (operation.kind !== 'read' && operation.idempotent) annotations.idempotentHint = true;
  const definition: Tool = {
    name: operation.tool!,
    title: operation.summary,
    description: operation.description + confirmationNote(operation),
    inputSchema: snakeSchema(
      inlineDefinitions(jsonSchemaOf(operation.input, 'input')),
    ) as Tool['inputSchema'],
    outputSchema: snakeSchema(
      inlineDefinitions(jsonSchemaOf(operation.output, 'output')),
    ) as Tool['outputSchema'],
    annotations: { title: operation.summary, ...annotations },
  };
  definitions.set(operation, definition);
  return definition;
}

function toolFor(operation: AnyOperation, deps: ToolDeps): McpTool {
  const fields = Object.keys(objectShape(operation.input) ?? {});
  const camelOf = new Map(fields.map((field) => [snakeCase(field), field]));
  const expected = [...camelOf.keys()].map((name) => `"${name}"`).join(', ') || 'none';

  return {
    definition: definitionOf(operation),

    async call(args, ctx) {
      // The SDK's CallToolRequestSchema has already made `arguments` an object or absent.
      const given = Object.entries(args ?? {});
      const unknown = given.find(([name]) => !camelOf.has(name));
      if (unknown) {
        return errorResult(`unknown argument ${quotableName(unknown[0])}; expected ${expected}`);
      }
      const input = Object.fromEntries(given.map(([name, value]) => [camelOf.get(name)!, value]));
      try {
        const asked = await confirmationStep(operation, input, ctx, deps);
        if (asked) return asked;
        const output = await deps.runner.run(operation, deps.caller, input, {
          answerer: deps.answererFor(ctx),
        });
        await followProgress(operation, output, ctx, deps);
        return jsonResult(operation, output);
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
export function registerTools(server: McpServer, deps: ToolDeps): void {
  const tools = new Map(
    [
      ...OPERATIONS.filter((operation) => operation.tool).map((operation) =>
        toolFor(operation, deps),
      ),
      ...connectorTools(deps),
    ].map((tool) => [tool.definition.name, tool]),
  );
  const definitions = [...tools.values()].map((tool) => tool.definition);
  server.server.registerCapabilities({ tools: {} });
  server.server.setRequestHandler('tools/list', () => ({ tools: definitions }));
  server.server.setRequestHandler('tools/call', (request, ctx) => {
    const tool = tools.get(request.params.name);
    // The specification's error for an unknown tool: invalid params.
    if (!tool) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool: ${quotableName(request.params.name)}`,
      );
    }
    return tool.call(request.params.arguments, ctx);
  });
}

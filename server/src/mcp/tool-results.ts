import type {
  CallToolResult,
  InputRequiredResult,
  ServerContext,
  Tool,
} from '@modelcontextprotocol/server';
import type { AnswererFor, McpHandlerDeps } from './mcp-server.js';

/** What tools are built from. */
export type ToolDeps = McpHandlerDeps & { answererFor: AnswererFor };

/** An MCP tool: its definition and how to call it. */
export interface McpTool {
  definition: Tool;
  call(
    args: Record<string, unknown> | undefined,
    ctx: ServerContext,
  ): Promise<CallToolResult | InputRequiredResult>;
}

/** A failed call, as a result the model can read (not a protocol error). */
export function errorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

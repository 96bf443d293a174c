import type {
  CallToolResult,
  ClientCapabilities,
  InputRequiredResult,
  ServerContext,
  Tool,
} from '@modelcontextprotocol/server';
import type { AnswererFor, McpHandlerDeps } from './mcp-server.js';

/** What tools are built from. */
export type ToolDeps = McpHandlerDeps & {
  answererFor: AnswererFor;
  /** What the client declared it can do (initialize, or this request's _meta). */
  clientCapabilities: () => ClientCapabilities | undefined;
};

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

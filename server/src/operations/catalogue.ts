import { getMe, getSummary, listAudit } from './account-operations.js';
import { ADMIN_OPERATIONS } from './admin-operations.js';
import {
  askPersona,
  createMemory,
  deleteMemory,
  getHistory,
  getMemory,
  listMemories,
  personaContext,
  searchMemories,
  setPermission,
  suggestTags,
  suggestUsernames,
  updateMemory,
} from './memory-operations.js';
import {
  createGroup,
  deleteGroup,
  getSharing,
  leaveGroup,
  listGroups,
  listSharedReads,
  manageGroup,
  shareMemory,
  updateGroup,
} from './sharing-operations.js';
import { READ_SCOPE, scopeOf, type AnyOperation } from './operation.js';
import { exportMemories, getImport, importMemories } from './transfer-operations.js';

/**
 * Every operation Picard offers, in the order the surfaces list them. Adding
 * an operation is one entry here plus its definition; its REST route, MCP
 * tool, scope checks, OpenAPI entry and audit record follow from it.
 */
export const OPERATIONS: readonly AnyOperation[] = [
  createMemory,
  listMemories,
  searchMemories,
  getMemory,
  updateMemory,
  setPermission,
  deleteMemory,
  getHistory,
  askPersona,
  personaContext,
  getSharing,
  shareMemory,
  listSharedReads,
  listGroups,
  createGroup,
  updateGroup,
  leaveGroup,
  deleteGroup,
  manageGroup,
  suggestTags,
  suggestUsernames,
  getMe,
  getSummary,
  listAudit,
  exportMemories,
  importMemories,
  getImport,
  ...ADMIN_OPERATIONS,
];

const BY_TOOL = new Map(
  OPERATIONS.filter((operation) => operation.tool).map((operation) => [operation.tool!, operation]),
);

/** The operation behind an MCP tool name. */
export function operationForTool(tool: string): AnyOperation | undefined {
  return BY_TOOL.get(tool);
}

/**
 * The scopes a (possibly batched) JSON-RPC body needs: a tool call needs its
 * operation's scope; everything else (initialising, listing, reading
 * resources, prompts, responses, notifications) needs read. Decided before
 * the transport sees the body, so a write with a read-only token gets an HTTP
 * 403 `insufficient_scope` challenge the client can step up from (MCP
 * authorization, "Scope challenge handling").
 */
export function scopesForRpcBody(body: unknown): string[] {
  const scopes = new Set(toolCallsIn(body).map((call) => scopeOf(call.operation, call.input)));
  return scopes.size > 0 ? [...scopes] : [READ_SCOPE];
}

/** The catalogue operations a (possibly batched) JSON-RPC body calls as tools, with their arguments. */
export function toolCallsIn(body: unknown): { operation: AnyOperation; input: unknown }[] {
  const messages = (Array.isArray(body) ? body : [body]) as unknown[];
  return messages.flatMap((message) => {
    const { method, params } = (message ?? {}) as {
      method?: unknown;
      params?: { name?: unknown; arguments?: unknown };
    };
    if (method !== 'tools/call' || typeof params?.name !== 'string') return [];
    const operation = operationForTool(params.name);
    return operation ? [{ operation, input: params.arguments }] : [];
  });
}

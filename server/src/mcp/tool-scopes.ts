/**
 * The scope each MCP request needs. Write tools need `memories:write`;
 * everything else (initialising, listing, reading, searching, asking) needs
 * `memories:read`. Decided from the JSON-RPC body before the transport sees
 * it, so a write with a read-only token gets an HTTP 403 `insufficient_scope`
 * challenge the client can step up from (MCP authorization, "Scope challenge
 * handling").
 */
export const WRITE_TOOLS = new Set([
  'submit_memory',
  'update_memory',
  'delete_memory',
  'modify_permissions',
]);

export const READ_SCOPE = 'memories:read';
export const WRITE_SCOPE = 'memories:write';

interface JsonRpcLike {
  method?: unknown;
  params?: { name?: unknown } | null;
}

/** The scopes a (possibly batched) JSON-RPC body needs; responses and notifications need read. */
export function scopesForBody(body: unknown): string[] {
  const messages = (Array.isArray(body) ? body : [body]) as (JsonRpcLike | null)[];
  const writes = messages.some(
    (message) =>
      message?.method === 'tools/call' &&
      typeof message.params?.name === 'string' &&
      WRITE_TOOLS.has(message.params.name),
  );
  return writes ? [WRITE_SCOPE] : [READ_SCOPE];
}

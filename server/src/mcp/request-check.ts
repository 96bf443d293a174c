import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  InitializeRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from '../text/safe-text.js';

/** The request schemas of the methods this server answers, by method. */
const SCHEMAS = new Map<string, { safeParse(value: unknown): ParseResult }>(
  [
    InitializeRequestSchema,
    PingRequestSchema,
    ListToolsRequestSchema,
    CallToolRequestSchema,
    ListResourcesRequestSchema,
    ListResourceTemplatesRequestSchema,
    ReadResourceRequestSchema,
    SubscribeRequestSchema,
    UnsubscribeRequestSchema,
    ListPromptsRequestSchema,
    GetPromptRequestSchema,
    CompleteRequestSchema,
    SetLevelRequestSchema,
  ].map((schema) => [schema.shape.method.value, schema as never]),
);

type ParseResult =
  | { success: true }
  | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };

/** A JSON-RPC error answer for one request. */
export interface InvalidParams {
  id: string | number;
  error: { code: number; message: string };
}

/**
 * Checks a JSON-RPC request's params before the SDK sees them. The SDK
 * validates params itself, but answers a mismatch with -32603 and the
 * validator's raw dump; JSON-RPC 2.0 §5.1 calls it -32602 Invalid params,
 * with a message a person can read. Text no store can hold (NUL, unpaired
 * surrogates) is refused here too, except in tool arguments, which the
 * operation catalogue checks field by field (as `isError` tool results).
 * Undefined when the request may go on.
 */
export function checkRequestParams(body: unknown): InvalidParams | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { id, method, params } = body as { id?: unknown; method?: unknown; params?: unknown };
  if (typeof method !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) {
    return undefined;
  }
  const invalid = (message: string): InvalidParams => ({
    id,
    error: { code: ErrorCode.InvalidParams, message },
  });
  const schema = SCHEMAS.get(method);
  if (schema) {
    const result = schema.safeParse(body);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const path = ['params', ...issue.path.slice(1).map(String)].join('.');
      return invalid(`Invalid params for ${method}: ${path}: ${issue.message}`);
    }
  }
  // The SDK parses resource URIs with `new URL()` and reports a failure as an internal error.
  const uri = (params as { uri?: unknown } | undefined)?.uri;
  if (method.startsWith('resources/') && typeof uri === 'string' && !URL.canParse(uri)) {
    return invalid(`Invalid params for ${method}: params.uri is not a URI`);
  }
  const checked =
    method === 'tools/call' && typeof params === 'object' && params !== null
      ? { ...params, arguments: undefined }
      : params;
  if (containsUnsafeText(checked)) return invalid(`Invalid params: text ${UNSAFE_TEXT_MESSAGE}`);
  return undefined;
}

import { ProtocolErrorCode, specTypeSchemas } from '@modelcontextprotocol/server';
import { containsUnsafeText, UNSAFE_TEXT_MESSAGE } from '../text/safe-text.js';

/** The specification's request types of the methods this server answers, by method. */
const SCHEMAS = new Map<string, (typeof specTypeSchemas)[keyof typeof specTypeSchemas]>([
  ['initialize', specTypeSchemas.InitializeRequest],
  ['ping', specTypeSchemas.PingRequest],
  ['tools/list', specTypeSchemas.ListToolsRequest],
  ['tools/call', specTypeSchemas.CallToolRequest],
  ['resources/list', specTypeSchemas.ListResourcesRequest],
  ['resources/templates/list', specTypeSchemas.ListResourceTemplatesRequest],
  ['resources/read', specTypeSchemas.ReadResourceRequest],
  ['resources/subscribe', specTypeSchemas.SubscribeRequest],
  ['resources/unsubscribe', specTypeSchemas.UnsubscribeRequest],
  ['prompts/list', specTypeSchemas.ListPromptsRequest],
  ['prompts/get', specTypeSchemas.GetPromptRequest],
  ['completion/complete', specTypeSchemas.CompleteRequest],
  ['logging/setLevel', specTypeSchemas.SetLevelRequest],
]);

/** A Standard Schema issue path segment, as a name. */
const segmentName = (segment: PropertyKey | { key: PropertyKey }): string =>
  String(typeof segment === 'object' ? segment.key : segment);

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
    error: { code: ProtocolErrorCode.InvalidParams, message },
  });
  const schema = SCHEMAS.get(method);
  if (schema) {
    const result = schema['~standard'].validate(body) as {
      issues?: readonly {
        message: string;
        path?: readonly (PropertyKey | { key: PropertyKey })[];
      }[];
    };
    if (result.issues?.length) {
      const issue = result.issues[0]!;
      const path = ['params', ...(issue.path ?? []).slice(1).map(segmentName)].join('.');
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

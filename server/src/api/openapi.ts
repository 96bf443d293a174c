import { OPERATIONS } from '../operations/catalogue.js';
import { jsonSchemaOf, visit, type JsonSchema } from '../operations/json-schema.js';
import {
  ADMIN_SCOPE,
  MEMORY_SCOPES,
  scopeFor,
  scopeOf,
  type AnyOperation,
} from '../operations/operation.js';
import { MAX_BODY_BYTES } from './request-body.js';
import { pathParameters, takesBody } from './rest-router.js';

/** What each error status means on this API, by the problem codes it carries. */
const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input or malformed JSON (`invalid_input`, `malformed_json`); an import file with bad lines (`invalid_import`, each listed in `problems` with its line number).',
  401: 'No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate.',
  403: 'The token lacks the scope (`insufficient_scope`; see WWW-Authenticate), or the account may not do this (`forbidden`).',
  404: 'No such memory, user, import or application that you may see (`memory_not_found`, `user_not_found`, `import_not_found`, `client_not_found`).',
  409: 'Changed by someone else at the same moment (`conflict`); retry.',
  413: `The body is larger than ${MAX_BODY_BYTES / 1024} KiB unless the operation says otherwise (\`payload_too_large\`), or an import is past its bounds (\`import_too_large\`).`,
  415: 'The body is not JSON (`unsupported_media_type`), or its Content-Encoding is not supported (`unsupported_encoding`).',
  422: 'The Idempotency-Key was already used for a different input (`idempotency_key_reused`).',
  429: 'Too many requests for this user or application (`rate_limited`); see Retry-After.',
  503: 'The service is temporarily unavailable (`service_unavailable`); see Retry-After.',
};

const PROBLEM: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  properties: {
    type: { type: 'string', description: '`/problems/<code>`' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable, machine-readable.' },
    detail: { type: 'string' },
    field: { type: 'string', description: 'The input at fault, when there is one.' },
  },
  required: ['type', 'title', 'status', 'code'],
};

/** The error statuses an operation can answer, from what its input and kind allow. */
function errorStatuses(operation: AnyOperation, fields: string[]): number[] {
  const statuses = new Set([401, 403, 429, 503]);
  if (fields.length > 0) statuses.add(400);
  if (pathParameters(operation.rest!.path).length > 0 || fields.includes('username')) {
    statuses.add(404);
  }
  if (operation.kind === 'update') statuses.add(409);
  if (fields.includes('idempotencyKey')) statuses.add(422);
  if (takesBody(operation)) [400, 413, 415].forEach((status) => statuses.add(status));
  return [...statuses].sort((a, b) => a - b);
}

/**
 * The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`,
 * generated from the operation catalogue: every path, parameter, body,
 * response (named schemas as components) and security requirement comes from
 * the operations' own schemas and kinds. Only prose is written here.
 */
export function openApiDocument(options: { publicUrl: string; version: string }) {
  const schemas: Record<string, JsonSchema> = { Problem: PROBLEM };
  /** The schema with its named parts moved to `components.schemas`. */
  const hoisted = (json: JsonSchema): JsonSchema => {
    const { $defs, ...rest } = json as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const toComponents = (node: unknown) =>
      visit(node, (item) =>
        typeof item.$ref === 'string' && item.$ref.startsWith('#/$defs/')
          ? { ...item, $ref: `#/components/schemas/${item.$ref.slice('#/$defs/'.length)}` }
          : item,
      ) as JsonSchema;
    for (const [name, schema] of Object.entries($defs ?? {})) schemas[name] = toComponents(schema);
    return toComponents(rest);
  };
  const json = (schema: JsonSchema) => ({ 'application/json': { schema } });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const rest = operation.rest;
    if (!rest) continue;
    const input = jsonSchemaOf(operation.input, 'input') as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    const properties = input.properties ?? {};
    const required = new Set(input.required ?? []);
    const fields = Object.keys(properties);
    const inPath = pathParameters(rest.path);
    const inHeaders = (rest.headers ?? {}) as Record<string, string>;
    const parameter = (name: string, where: 'path' | 'query' | 'header') => {
      const { description, ...schema } = properties[name] ?? {};
      return {
        name: where === 'header' ? inHeaders[name]! : name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema,
      };
    };
    const otherFields = fields.filter(
      (name) => !inPath.includes(name) && !Object.hasOwn(inHeaders, name),
    );
    const body = takesBody(operation);
    const bodySchema: JsonSchema = {
      ...input,
      properties: Object.fromEntries(otherFields.map((name) => [name, properties[name]])),
      required: [...required].filter((name) => otherFields.includes(name)),
    };
    const status = rest.status ?? 200;
    paths[rest.path] ??= {};
    paths[rest.path]![rest.method] = {
      operationId: operation.name,
      summary: operation.summary,
      description: operation.description,
      security: [{ oauth2: [scopeOf(operation)] }],
      parameters: [
        ...inPath.map((name) => parameter(name, 'path')),
        ...Object.keys(inHeaders).map((name) => parameter(name, 'header')),
        ...(body ? [] : otherFields.map((name) => parameter(name, 'query'))),
      ],
      ...(body ? { requestBody: { required: true, content: json(bodySchema) } } : {}),
      responses: {
        [status]:
          status === 204
            ? { description: 'Done; no content.' }
            : operation.streamed
              ? {
                  description:
                    'A file, streamed as it is produced (`Content-Disposition: attachment` names it).',
                  content: Object.fromEntries(
                    Object.entries(operation.streamed.mediaTypes).map(([type, description]) => [
                      type,
                      { schema: { type: 'string', description } },
                    ]),
                  ),
                }
              : {
                  description:
                    status === 202
                      ? 'Accepted; the work goes on after the answer (`Location` names where to follow it).'
                      : rest.location
                        ? 'Created; `Location` names it.'
                        : 'Success.',
                  content: json(hoisted(jsonSchemaOf(operation.output, 'output'))),
                },
        ...Object.fromEntries(
          errorStatuses(operation, fields).map((code) => [
            String(code),
            {
              description: ERROR_RESPONSES[code],
              content: {
                'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
              },
            },
          ]),
        ),
      },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Picard API',
      version: options.version,
      description:
        'Memories for people and their AI assistants. Every call acts for the user the access token was issued to. Tokens come from the authorization server at the same origin (OAuth 2.1, authorization code + PKCE) with `resource=' +
        `${options.publicUrl}/api` +
        '`. Errors are RFC 9457 problem documents with a stable `code`.',
    },
    servers: [{ url: options.publicUrl }],
    security: [{ oauth2: [scopeFor('read')] }],
    paths,
    components: {
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: 'Authorization code with PKCE (S256); `resource` must name this API.',
          flows: {
            authorizationCode: {
              authorizationUrl: `${options.publicUrl}/auth`,
              tokenUrl: `${options.publicUrl}/token`,
              refreshUrl: `${options.publicUrl}/token`,
              scopes: {
                ...MEMORY_SCOPES,
                [ADMIN_SCOPE]:
                  'Administer this server (administrators only, checked on every request)',
              },
            },
          },
        },
      },
      schemas,
    },
  };
}

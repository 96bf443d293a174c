import { z } from 'zod';
import { MEMORY_SCOPES } from '../authorization-server/provider.js';
import {
  createMemoryInput,
  listMemoriesInput,
  MAX_TEXT_LENGTH,
  PERMISSIONS,
  searchMemoriesInput,
  updateMemoryInput,
} from '../memories/memory-input.js';
import { AUDIT_ACTIONS } from '../audit/audit-log.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema> };

/**
 * The JSON Schema of a domain input schema (its input side), with a
 * description per field: the request bodies are documented from the same
 * rules that check them.
 */
function inputSchema(schema: z.ZodType, descriptions: Record<string, string>): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // The document's dialect is OpenAPI 3.1's own (JSON Schema 2020-12).
  delete json.$schema;
  for (const [field, description] of Object.entries(descriptions)) {
    const property = json.properties?.[field];
    if (property) property.description = description;
  }
  return { ...json, additionalProperties: false };
}

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const permission = { type: 'string', enum: [...PERMISSIONS] };

const MEMORY_FIELDS = {
  text: `The memory, 1–${MAX_TEXT_LENGTH} characters (trimmed).`,
  permission: '"private" (only you) or "public" (anyone signed in may read it).',
  tags: 'Labels for filtering; duplicates are dropped.',
  expiresAt: 'When the memory is forgotten; null or absent for never. Must be in the future.',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      String(status),
      problem(
        {
          400: 'Invalid input or malformed JSON (`invalid_input`, `malformed_json`).',
          401: 'No valid access token (`unauthorized`, `invalid_token`); see WWW-Authenticate.',
          403: 'The token lacks the scope (`insufficient_scope`); see WWW-Authenticate.',
          404: 'No such memory or user that you may see (`memory_not_found`, `user_not_found`).',
          409: 'Changed by someone else at the same moment (`conflict`); retry.',
          413: 'The body is larger than 64 KiB (`payload_too_large`).',
          415: 'The body is not JSON (`unsupported_media_type`).',
        }[status]!,
      ),
    ]),
  );

const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', format: 'uuid' },
  description: 'The memory id.',
};
const pageParameters = [
  {
    name: 'limit',
    in: 'query',
    schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    description: 'Page size.',
  },
  {
    name: 'cursor',
    in: 'query',
    schema: { type: 'string' },
    description: 'The `nextCursor` of the previous page.',
  },
];
const secured = (scope: string) => ({ security: [{ oauth2: [scope] }] });

/** The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. */
export function openApiDocument(options: { publicUrl: string; version: string }) {
  const listSchema = inputSchema(listMemoriesInput, {});
  const listFilters = ['permission', 'tag', 'username', 'createdAfter', 'createdBefore'].map(
    (name) => ({
      name,
      in: 'query',
      schema: listSchema.properties![name],
      description: {
        permission: 'Only memories with this permission.',
        tag: 'Only memories with this tag.',
        username: "List this user's public memories instead (all of them when it is you).",
        createdAfter: 'Only memories created at or after this time.',
        createdBefore: 'Only memories created before this time.',
      }[name],
    }),
  );

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
    security: [{ oauth2: ['memories:read'] }],
    paths: {
      '/api/v1/me': {
        get: {
          summary: 'Who the token acts for',
          operationId: 'getMe',
          ...secured('memories:read'),
          responses: {
            200: { description: 'The user and client.', content: json(ref('Me')) },
            ...errors(401, 403),
          },
        },
      },
      '/api/v1/me/audit': {
        get: {
          summary: 'Your audit log: every memory operation made for you, newest first',
          operationId: 'listAudit',
          ...secured('memories:read'),
          parameters: pageParameters,
          responses: {
            200: { description: 'A page of entries.', content: json(page('AuditEntry')) },
            ...errors(400, 401, 403),
          },
        },
      },
      '/api/v1/memories': {
        post: {
          summary: 'Store a memory',
          operationId: 'createMemory',
          ...secured('memories:write'),
          requestBody: {
            required: true,
            content: json(inputSchema(createMemoryInput, MEMORY_FIELDS)),
          },
          responses: {
            201: {
              description: 'Stored. `Location` names it.',
              content: json(ref('Memory')),
            },
            ...errors(400, 401, 403, 413, 415),
          },
        },
        get: {
          summary: 'List your memories, newest first',
          operationId: 'listMemories',
          ...secured('memories:read'),
          parameters: [...pageParameters, ...listFilters],
          responses: {
            200: { description: 'A page of memories.', content: json(page('Memory')) },
            ...errors(400, 401, 403, 404),
          },
        },
      },
      '/api/v1/memories/search': {
        post: {
          summary: 'Semantic search',
          description:
            'Your memories (or, with `username`, that user’s public ones) closest in meaning to `query`, best first, with cosine similarity scores.',
          operationId: 'searchMemories',
          ...secured('memories:read'),
          requestBody: {
            required: true,
            content: json(
              inputSchema(searchMemoriesInput, {
                query: 'What to look for, in natural language.',
                limit: 'At most this many results.',
                minSimilarity:
                  'Only results at least this similar (-1…1); a model default if absent.',
                username: "Search this user's public memories instead of yours.",
                permission: 'Only memories with this permission.',
                tags: 'Only memories carrying all of these tags.',
              }),
            ),
          },
          responses: {
            200: {
              description: 'Hits, best first.',
              content: json({
                type: 'object',
                properties: { results: { type: 'array', items: ref('Hit') } },
                required: ['results'],
              }),
            },
            ...errors(400, 401, 403, 404, 413, 415),
          },
        },
      },
      '/api/v1/memories/{id}': {
        parameters: [idParameter],
        get: {
          summary: 'Read a memory (yours, or another user’s public one)',
          operationId: 'getMemory',
          ...secured('memories:read'),
          responses: {
            200: { description: 'The memory.', content: json(ref('Memory')) },
            ...errors(401, 403, 404),
          },
        },
        patch: {
          summary: 'Edit your memory (the old version goes to its history)',
          operationId: 'updateMemory',
          ...secured('memories:write'),
          requestBody: {
            required: true,
            content: json(
              inputSchema(updateMemoryInput, {
                text: MEMORY_FIELDS.text,
                tags: 'The new tags, replacing the old ones.',
                expiresAt: 'The new expiry; null for never.',
              }),
            ),
          },
          responses: {
            200: { description: 'The memory as it is now.', content: json(ref('Memory')) },
            ...errors(400, 401, 403, 404, 409, 413, 415),
          },
        },
        delete: {
          summary: 'Delete your memory and its history',
          operationId: 'deleteMemory',
          ...secured('memories:write'),
          responses: { 204: { description: 'Deleted.' }, ...errors(401, 403, 404) },
        },
      },
      '/api/v1/memories/{id}/permission': {
        parameters: [idParameter],
        put: {
          summary: 'Make your memory private or public',
          operationId: 'setPermission',
          ...secured('memories:write'),
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              properties: { permission: { ...permission, description: MEMORY_FIELDS.permission } },
              required: ['permission'],
              additionalProperties: false,
            }),
          },
          responses: {
            200: { description: 'The memory.', content: json(ref('Memory')) },
            ...errors(400, 401, 403, 404, 409, 415),
          },
        },
      },
      '/api/v1/memories/{id}/history': {
        parameters: [idParameter],
        get: {
          summary: 'Earlier versions of your memory, newest first',
          operationId: 'getHistory',
          ...secured('memories:read'),
          responses: {
            200: {
              description: 'The versions it replaced.',
              content: json({
                type: 'object',
                properties: { items: { type: 'array', items: ref('MemoryVersion') } },
                required: ['items'],
              }),
            },
            ...errors(401, 403, 404),
          },
        },
      },
      '/api/v1/users/{username}/persona': {
        parameters: [
          {
            name: 'username',
            in: 'path',
            required: true,
            schema: { type: 'string' },
            description: 'Whose persona answers.',
          },
        ],
        post: {
          summary: 'Ask a user’s persona',
          description:
            'Answers in the first person as that user, from their public memories only (all of yours when asking about yourself), citing the memories used.',
          operationId: 'askPersona',
          ...secured('memories:read'),
          requestBody: {
            required: true,
            content: json({
              type: 'object',
              properties: {
                question: { type: 'string', minLength: 1, maxLength: 2000 },
              },
              required: ['question'],
              additionalProperties: false,
            }),
          },
          responses: {
            200: {
              description: 'The answer and its citations.',
              content: json(ref('PersonaAnswer')),
            },
            ...errors(400, 401, 403, 404, 413, 415),
          },
        },
      },
    },
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
              scopes: MEMORY_SCOPES,
            },
          },
        },
      },
      schemas: {
        Memory: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            ownerId: { type: 'string', format: 'uuid', description: 'The user it belongs to.' },
            text: { type: 'string' },
            permission,
            tags: { type: 'array', items: { type: 'string' } },
            expiresAt: nullableDateTime,
            createdAt: dateTime,
            updatedAt: dateTime,
            version: { type: 'integer', minimum: 1, description: '+1 for each edit.' },
            embeddingPending: {
              type: 'boolean',
              description: 'True until the memory is searchable.',
            },
          },
          required: [
            'id',
            'ownerId',
            'text',
            'permission',
            'tags',
            'expiresAt',
            'createdAt',
            'updatedAt',
            'version',
            'embeddingPending',
          ],
        },
        MemoryVersion: {
          type: 'object',
          properties: {
            version: { type: 'integer' },
            text: { type: 'string' },
            permission,
            tags: { type: 'array', items: { type: 'string' } },
            expiresAt: nullableDateTime,
            createdAt: dateTime,
            replacedAt: dateTime,
          },
        },
        Hit: {
          type: 'object',
          properties: {
            score: { type: 'number', minimum: -1, maximum: 1, description: 'Cosine similarity.' },
            memory: ref('Memory'),
          },
          required: ['score', 'memory'],
        },
        PersonaAnswer: {
          type: 'object',
          properties: {
            username: { type: 'string' },
            answer: { type: 'string' },
            mode: {
              type: 'string',
              enum: ['openai', 'sampling', 'extractive'],
              description: 'What wrote the answer.',
            },
            citations: { type: 'array', items: ref('Hit') },
          },
          required: ['username', 'answer', 'mode', 'citations'],
        },
        AuditEntry: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            at: dateTime,
            clientId: { type: 'string', description: 'The application that acted.' },
            surface: { type: 'string', enum: ['api', 'mcp'] },
            action: { type: 'string', enum: [...AUDIT_ACTIONS] },
            memoryIds: { type: 'array', items: { type: 'string', format: 'uuid' } },
            targetUsername: { type: ['string', 'null'] },
            outcome: {
              type: 'string',
              enum: ['success', 'not_found', 'invalid_input', 'conflict', 'error'],
            },
          },
        },
        Me: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid' },
            username: { type: 'string' },
            name: { type: ['string', 'null'] },
            email: { type: 'string' },
            clientId: { type: 'string' },
            scopes: { type: 'array', items: { type: 'string' } },
          },
        },
        Problem: {
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
        },
      },
    },
  };
}

function page(item: string) {
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: ref(item) },
      nextCursor: { type: ['string', 'null'], description: 'Pass as `cursor` for the next page.' },
    },
    required: ['items', 'nextCursor'],
  };
}

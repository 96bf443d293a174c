import type { z } from 'zod';
import type { Caller } from '../resource-server/caller.js';
import type { AuditAction, AuditLog } from '../audit/audit-log.js';
import type { AccountService } from '../accounts/accounts.js';
import type { ConnectedApps } from '../accounts/connected-apps.js';
import type { PersonaAnswerer } from '../persona/persona-answerer.js';
import type { MemoryStore } from '../memories/memory-store.js';
import type { Administration } from '../admin/administration.js';

/**
 * What an operation does to memories. It decides the scope the operation
 * needs (anything but `read` needs `memories:write`: a write operation cannot
 * be declared without it) and the MCP tool annotations.
 */
export type OperationKind = 'read' | 'create' | 'update' | 'delete';

export const READ_SCOPE = 'memories:read';
export const WRITE_SCOPE = 'memories:write';

/**
 * The resource scopes, with what each lets an application do: the consent
 * page shows these words, the authorization server offers these scopes, and
 * both resource surfaces check them.
 */
export const MEMORY_SCOPES = {
  [READ_SCOPE]: 'Read your memories and search them, including private ones',
  [WRITE_SCOPE]: 'Create, change and delete your memories',
} as const;

/**
 * Administration through the REST API. Only on the /api resource, only
 * granted to administrators on an explicit consent (interactions-router.ts),
 * and the account's role is checked again on every request (run-operation.ts).
 */
export const ADMIN_SCOPE = 'admin';

/** The one table from operation kind to scope, for both surfaces. */
export function scopeFor(kind: OperationKind): typeof READ_SCOPE | typeof WRITE_SCOPE {
  return kind === 'read' ? READ_SCOPE : WRITE_SCOPE;
}

/**
 * The scope a call of an operation needs: `admin` for administration, else
 * its kind's, or read when the operation says this input only reads.
 */
export function scopeOf(
  operation: Pick<AnyOperation, 'kind' | 'admin' | 'readsOnlyFor'>,
  input?: unknown,
): string {
  if (operation.admin) return ADMIN_SCOPE;
  const raw = (input ?? {}) as Record<string, unknown>;
  return scopeFor(operation.readsOnlyFor?.(raw) ? 'read' : operation.kind);
}

/** What handlers work with: the domain services, nothing from the transport. */
export interface OperationServices {
  store: Pick<
    MemoryStore,
    'memories' | 'search' | 'persona' | 'exports' | 'imports' | 'sharing' | 'groups'
  >;
  audit: Pick<AuditLog, 'list'>;
  accounts: Pick<AccountService, 'find'>;
  apps: Pick<ConnectedApps, 'names'>;
  /** Administration (users, applications, invitations, the admin audit trail). */
  administration?: Administration;
}

export interface OperationContext {
  /** Who acts: from the verified access token, never from input. */
  caller: Caller;
  /** The acting account, for administration operations (checked to be an admin). */
  actor?: { id: string; username: string };
  services: OperationServices;
  /** How persona answers are written for this request (MCP sampling); the server's default when absent. */
  answerer?: PersonaAnswerer;
}

/** HTTP methods the REST surface uses. */
export type RestMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One operation, described once. The REST route, the MCP tool, the scope
 * check on both, the OpenAPI entry and the audit record are all derived from
 * this description (see `rest-router.ts`, `mcp/tools.ts`, `openapi.ts`,
 * `run-operation.ts`).
 */
export interface Operation<
  Input extends z.ZodObject = z.ZodObject,
  Output extends z.ZodType = z.ZodType,
> {
  /** camelCase; the OpenAPI operationId. */
  name: string;
  /** One line: the OpenAPI summary and the MCP tool title. */
  summary: string;
  /** For people and models: the OpenAPI description and the MCP tool description. */
  description: string;
  kind: OperationKind;
  /**
   * An administration operation: needs the `admin` scope instead of a memory
   * scope, and an account whose role is admin at the time of the request.
   */
  admin?: boolean;
  /**
   * For an operation that also has a reading form (manage_group's "list"):
   * true when this raw input (camelCase or snake_case, before parsing) only
   * reads, so the call needs only the read scope. A read-only token must
   * not lose what it may see because the tool that shows it can also write.
   */
  readsOnlyFor?: (input: Record<string, unknown>) => boolean;
  /** Repeating it changes nothing further (MCP `idempotentHint`); deletes always are. */
  idempotent?: boolean;
  /**
   * Input fields, camelCase. REST takes `{name}` path segments and the query
   * (GET, DELETE) or the JSON body from it; MCP takes its snake_case form.
   * Strict: unknown fields are refused by the schema itself.
   */
  input: Input;
  /** The result, camelCase; every answer is parsed through it (which drops unnamed fields). */
  output: Output;
  /**
   * The result is a file written piece by piece as it is produced (an
   * export), not one JSON value: the handler returns a `StreamedFile` (media
   * type, download name, chunks) and the output schema only checks its
   * shape. REST sends the chunks as they come, with backpressure; OpenAPI
   * lists these media types (media type → description) as the response.
   */
  streamed?: { mediaTypes: Record<string, string> };
  rest?: {
    method: RestMethod;
    /** OpenAPI style, e.g. `/api/v1/memories/{memoryId}`; each `{name}` is an input field. */
    path: string;
    /** 200 when absent; 202 for work that goes on after the answer; 204 sends no body. */
    status?: 200 | 201 | 202 | 204;
    /** `Location` of a created resource (none when it returns undefined). */
    location?: (output: z.output<Output>) => string | undefined;
    /** A larger JSON body than the default 64 KiB, for operations that take files. */
    maxBodyBytes?: number;
    /**
     * Input fields REST takes from a request header instead of the body or
     * query (field → header name), e.g. `{ idempotencyKey: 'Idempotency-Key' }`.
     */
    headers?: Partial<Record<keyof z.input<Input> & string, string>>;
  };
  /**
   * Work the call starts that goes on after it answers (an import's
   * embedding), followed through another operation: MCP clients that send a
   * progress token get `notifications/progress` until it is done, and the
   * tool result waits for it (REST answers at once; clients poll `operation`).
   */
  progress?: {
    operation: AnyOperation;
    /** The follow-up operation's input, or undefined when there is nothing to follow. */
    input: (output: z.output<Output>) => Record<string, unknown> | undefined;
    /** How far it has got, from the follow-up operation's output. */
    measure: (followed: never) => { progress: number; total: number; done: boolean };
  };
  /** The MCP tool's name; the operation is REST-only without it. */
  tool?: string;
  /** What the audit log records; unaudited when absent (reads of one's own account). */
  audit?: {
    action: AuditAction;
    /** The memory ids a successful call touched, besides a requested `memoryId`. */
    memoryIds?: (output: z.output<Output>) => string[];
  };
  handler: (input: z.output<Input>, context: OperationContext) => Promise<z.input<Output>>;
}

/** Declares an operation with its input and output types tied together. */
export function defineOperation<Input extends z.ZodObject, Output extends z.ZodType>(
  operation: Operation<Input, Output>,
): Operation<Input, Output> {
  return operation;
}

/** Any operation, for code that walks the catalogue. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

import type { Request } from 'express';
import { SessionEndedError, type TokenKeeper } from '../auth/token-keeper.js';
import type { components, operations } from './generated/picard-api.js';

/** An RFC 9457 problem document from the API, carried to the page that shows it. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

type Schemas = components['schemas'];
export type Memory = Schemas['Memory'];
export type MemoryVersion = Schemas['MemoryVersion'];
export type Hit = Schemas['Hit'];
export type PersonaAnswer = Schemas['PersonaAnswer'];
export type Summary = Schemas['MemorySummary'];
export type AuditEntry = Schemas['AuditEntry'];
export type Sharing = Schemas['Sharing'];
export type Group = Schemas['Group'];
export type ImportReport = Schemas['ImportReport'];
export type ImportStatus = Schemas['ImportStatus'];

/** The JSON body an operation takes, and the 200/201 answer it gives, from the generated types. */
type BodyOf<Operation extends keyof operations> = operations[Operation] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
type QueryOf<Operation extends keyof operations> = NonNullable<
  operations[Operation]['parameters']['query']
>;
type AnswerOf<Operation extends keyof operations> = operations[Operation]['responses'] extends {
  200: { content: { 'application/json': infer Answer } };
}
  ? Answer
  : operations[Operation]['responses'] extends {
        201: { content: { 'application/json': infer Answer } };
      }
    ? Answer
    : void;

/**
 * Picard's REST API on behalf of the signed-in user, with the session's
 * access token. A 401 means the grant is gone (revoked, disconnected): the
 * session ends.
 */
export function createPicardApi(serverUrl: string, tokens: TokenKeeper) {
  const problemOf = async (response: Response) => {
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    return new ApiProblem(
      response.status,
      String(json.code ?? 'error'),
      String(json.detail ?? json.title ?? `The server answered ${response.status}.`),
      typeof json.field === 'string' ? json.field : undefined,
    );
  };
  const call = async <T>(
    req: Request,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> => {
    const token = await tokens.accessToken(req);
    const response = await fetch(`${serverUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) throw new SessionEndedError();
    if (response.status === 204) return undefined as T;
    const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      throw new ApiProblem(
        response.status,
        String(json.code ?? 'error'),
        String(json.detail ?? json.title ?? `The server answered ${response.status}.`),
        typeof json.field === 'string' ? json.field : undefined,
      );
    }
    return json as T;
  };

  const at = (id: string) => `/memories/${encodeURIComponent(id)}`;
  /** A query string of the values given (empty ones left out). */
  const queryOf = (query: Record<string, string | undefined>) =>
    new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
    );
  return {
    list: (req: Request, query: { [Key in keyof QueryOf<'listMemories'>]?: string }) =>
      call<AnswerOf<'listMemories'>>(req, 'GET', `/memories?${queryOf(query)}`),
    summary: (req: Request) => call<AnswerOf<'getSummary'>>(req, 'GET', '/me/summary'),
    audit: (req: Request, query: { [Key in keyof QueryOf<'listAudit'>]?: string }) =>
      call<AnswerOf<'listAudit'>>(req, 'GET', `/me/audit?${queryOf(query)}`),
    get: (req: Request, id: string) => call<AnswerOf<'getMemory'>>(req, 'GET', at(id)),
    history: (req: Request, id: string) =>
      call<AnswerOf<'getHistory'>>(req, 'GET', `${at(id)}/history`),
    create: (req: Request, body: BodyOf<'createMemory'>) =>
      call<AnswerOf<'createMemory'>>(req, 'POST', '/memories', body),
    update: (req: Request, id: string, body: BodyOf<'updateMemory'>) =>
      call<AnswerOf<'updateMemory'>>(req, 'PATCH', at(id), body),
    setPermission: (req: Request, id: string, permission: Memory['permission']) =>
      call<AnswerOf<'setPermission'>>(req, 'PUT', `${at(id)}/permission`, { permission }),
    delete: (req: Request, id: string) => call<void>(req, 'DELETE', at(id)),
    search: (req: Request, body: BodyOf<'searchMemories'>) =>
      call<AnswerOf<'searchMemories'>>(req, 'POST', '/memories/search', body),
    sharing: (req: Request, id: string) =>
      call<AnswerOf<'getSharing'>>(req, 'GET', `${at(id)}/sharing`),
    share: (req: Request, id: string, body: BodyOf<'shareMemory'>) =>
      call<AnswerOf<'shareMemory'>>(req, 'PUT', `${at(id)}/sharing`, body),
    reads: (req: Request, id: string) =>
      call<AnswerOf<'listSharedReads'>>(req, 'GET', `${at(id)}/reads`),
    groups: (req: Request) => call<AnswerOf<'listGroups'>>(req, 'GET', '/groups'),
    createGroup: (req: Request, body: BodyOf<'createGroup'>) =>
      call<AnswerOf<'createGroup'>>(req, 'POST', '/groups', body),
    updateGroup: (req: Request, id: string, body: BodyOf<'updateGroup'>) =>
      call<AnswerOf<'updateGroup'>>(req, 'PATCH', `/groups/${encodeURIComponent(id)}`, body),
    leaveGroup: (req: Request, id: string) =>
      call<AnswerOf<'leaveGroup'>>(req, 'POST', `/groups/${encodeURIComponent(id)}/leave`, {}),
    deleteGroup: (req: Request, id: string) =>
      call<AnswerOf<'deleteGroup'>>(req, 'DELETE', `/groups/${encodeURIComponent(id)}`),
    importFile: (req: Request, body: BodyOf<'importMemories'>) =>
      call<ImportReport>(req, 'POST', '/me/imports', body),
    importStatus: (req: Request, id: string) =>
      call<AnswerOf<'getImport'>>(req, 'GET', `/me/imports/${encodeURIComponent(id)}`),
    /** The export as the API streams it (the caller passes the body on). */
    async exportFile(req: Request, format: 'jsonl' | 'markdown'): Promise<globalThis.Response> {
      const token = await tokens.accessToken(req);
      const response = await fetch(`${serverUrl}/api/v1/me/export?format=${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status === 401) throw new SessionEndedError();
      if (!response.ok) throw await problemOf(response);
      return response;
    },
    persona: (req: Request, username: string, question: string) =>
      call<AnswerOf<'askPersona'>>(req, 'POST', `/users/${encodeURIComponent(username)}/persona`, {
        question,
      } satisfies BodyOf<'askPersona'>),
  };
}

export type PicardApi = ReturnType<typeof createPicardApi>;

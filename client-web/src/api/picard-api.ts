import type { Request } from 'express';
import { SessionEndedError, type TokenKeeper } from '../auth/token-keeper.js';

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

export interface Memory {
  id: string;
  ownerId: string;
  text: string;
  permission: 'private' | 'public';
  tags: string[];
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  embeddingPending: boolean;
}

export interface MemoryVersion {
  version: number;
  text: string;
  permission: string;
  tags: string[];
  expiresAt: string | null;
  createdAt: string;
  replacedAt: string;
}

export interface Hit {
  score: number;
  memory: Memory;
}

/**
 * Picard's REST API on behalf of the signed-in user, with the session's
 * access token. A 401 means the grant is gone (revoked, disconnected): the
 * session ends.
 */
export function createPicardApi(serverUrl: string, tokens: TokenKeeper) {
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

  return {
    list: (req: Request, query: Record<string, string | undefined>) => {
      const params = new URLSearchParams(
        Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
      );
      return call<{ items: Memory[]; nextCursor: string | null }>(
        req,
        'GET',
        `/memories?${params}`,
      );
    },
    get: (req: Request, id: string) =>
      call<Memory>(req, 'GET', `/memories/${encodeURIComponent(id)}`),
    history: (req: Request, id: string) =>
      call<{ items: MemoryVersion[] }>(req, 'GET', `/memories/${encodeURIComponent(id)}/history`),
    create: (req: Request, body: Record<string, unknown>) =>
      call<Memory>(req, 'POST', '/memories', body),
    update: (req: Request, id: string, body: Record<string, unknown>) =>
      call<Memory>(req, 'PATCH', `/memories/${encodeURIComponent(id)}`, body),
    setPermission: (req: Request, id: string, permission: string) =>
      call<Memory>(req, 'PUT', `/memories/${encodeURIComponent(id)}/permission`, { permission }),
    delete: (req: Request, id: string) =>
      call<void>(req, 'DELETE', `/memories/${encodeURIComponent(id)}`),
    search: (req: Request, body: Record<string, unknown>) =>
      call<{ results: Hit[] }>(req, 'POST', '/memories/search', body),
    persona: (req: Request, username: string, question: string) =>
      call<{ username: string; answer: string; mode: string; citations: Hit[] }>(
        req,
        'POST',
        `/users/${encodeURIComponent(username)}/persona`,
        { question },
      ),
  };
}

export type PicardApi = ReturnType<typeof createPicardApi>;

import type { Request } from 'express';

/** The invitation a browser arrived with (`/invite/<token>`), until it signs up. */
export const INVITE_COOKIE = 'picard_invite';

/** One cookie's value from the request, undefined when absent or undecodable. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

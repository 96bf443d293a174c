import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens for the authorization server's forms, bound to the interaction
 * they belong to. The interaction id is also held in oidc-provider's signed,
 * HttpOnly interaction cookie, so a page on another site can neither read a
 * valid token nor make the browser submit one for an interaction it holds.
 */
export function createCsrf(secret: string) {
  const sign = (binding: string) =>
    createHmac('sha256', secret).update(`csrf:${binding}`).digest('base64url');
  return {
    token: sign,
    verify(binding: string, token: unknown): boolean {
      if (typeof token !== 'string') return false;
      const expected = Buffer.from(sign(binding));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;

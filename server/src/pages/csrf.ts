import { hmacSign, hmacVerify } from '@picard/kit/hmac.js';

/**
 * CSRF tokens for the authorization server's forms, bound to the interaction
 * they belong to. The interaction id is also held in oidc-provider's signed,
 * HttpOnly interaction cookie, so a page on another site can neither read a
 * valid token nor make the browser submit one for an interaction it holds.
 */
export function createCsrf(secret: string) {
  return {
    token: (binding: string) => hmacSign(secret, 'csrf', binding),
    verify: (binding: string, token: unknown): boolean =>
      typeof token === 'string' && hmacVerify(secret, 'csrf', binding, token),
  };
}

export type Csrf = ReturnType<typeof createCsrf>;

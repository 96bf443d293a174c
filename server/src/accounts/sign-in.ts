import type { Account, AccountService } from './accounts.js';
import type { LoginThrottle } from '../http/rate-limits.js';

/** What a sign-in form answers; `status` is the HTTP status for the two refusals. */
export type SignInOutcome =
  | { kind: 'signed-in'; account: Account }
  | { kind: 'refused'; status: 401 | 429; message: string; retryAfterSeconds?: number };

/**
 * Password sign-in behind the per-account slow-down, shared by every sign-in
 * form (the OAuth interaction and the account page). Unknown accounts and
 * wrong passwords get the same message.
 */
export function createSignIn(accounts: AccountService, throttle: LoginThrottle) {
  return async (identifier: string, password: string): Promise<SignInOutcome> => {
    const wait = await throttle.delayFor(identifier);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return {
        kind: 'refused',
        status: 429,
        retryAfterSeconds: seconds,
        message: `Too many failed attempts for this account. Wait ${seconds} seconds and try again.`,
      };
    }
    const account = await accounts.authenticate(identifier, password);
    if (!account) {
      await throttle.failed(identifier);
      return {
        kind: 'refused',
        status: 401,
        message: 'That username or email and password do not match.',
      };
    }
    await throttle.succeeded(identifier);
    return { kind: 'signed-in', account };
  };
}

export type SignIn = ReturnType<typeof createSignIn>;

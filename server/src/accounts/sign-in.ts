import type { Account, AccountService } from './accounts.js';
import type { LoginThrottle } from '../http/rate-limits.js';
import {
  MAX_IDENTIFIER_LENGTH,
  MAX_PASSWORD_LENGTH,
  normalizeIdentifier,
} from './account-rules.js';

/** What a sign-in form answers; `status` is the HTTP status for the refusals. */
export type SignInOutcome =
  | { kind: 'signed-in'; account: Account }
  | { kind: 'refused'; status: 400 | 401 | 403 | 429; message: string; retryAfterSeconds?: number };

/** What a suspended account is told once its password checked out. */
export const SUSPENDED_MESSAGE =
  'This account is suspended. Contact the administrator of this Picard server.';

/**
 * Password sign-in behind the per-account slow-down, shared by every sign-in
 * form (the OAuth interaction and the account page). Unknown accounts and
 * wrong passwords get the same message.
 *
 * The slow-down is keyed on the account the identifier names (its id), so
 * " alice", "ALICE", "\u3000alice" and alice's email share one count; an
 * identifier that names no account is counted in its normalised form.
 * Over-long input is refused before anything is looked up or counted.
 */
export function createSignIn(accounts: AccountService, throttle: LoginThrottle) {
  return async (identifier: string, password: string): Promise<SignInOutcome> => {
    const name = normalizeIdentifier(identifier);
    if (name.length > MAX_IDENTIFIER_LENGTH || String(password).length > MAX_PASSWORD_LENGTH) {
      return {
        kind: 'refused',
        status: 400,
        message: 'That username or password is too long.',
      };
    }
    const key = (await accounts.resolve(name)) ?? name;
    const wait = await throttle.delayFor(key);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return {
        kind: 'refused',
        status: 429,
        retryAfterSeconds: seconds,
        message: `Too many failed attempts for this account. Wait ${seconds} seconds and try again.`,
      };
    }
    const account = await accounts.authenticate(name, password);
    if (!account) {
      await throttle.failed(key);
      return {
        kind: 'refused',
        status: 401,
        message: 'That username or email and password do not match.',
      };
    }
    await throttle.succeeded(key);
    // Only someone who knows the password learns that the account is suspended.
    if (account.suspendedAt) return { kind: 'refused', status: 403, message: SUSPENDED_MESSAGE };
    await accounts.recordSignIn(account.id);
    return { kind: 'signed-in', account };
  };
}

export type SignIn = ReturnType<typeof createSignIn>;

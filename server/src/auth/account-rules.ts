import { z } from 'zod';

/** Rules for account fields, shared by registration, the account page and the CLI. */

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

/** A few of the most common passwords of at least the minimum length. */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  'qwertyuiop',
  'password123',
  'password1234',
  '123456789a',
  '1q2w3e4r5t',
  'iloveyou12',
  'qwerty1234',
  'abcdefghij',
  'passwordpassword',
  '0987654321',
  '1111111111',
]);

/** Longer sign-in names than any username or email (RFC 5321 §4.5.3.1.3) are refused unread. */
export const MAX_IDENTIFIER_LENGTH = 254;

/**
 * A sign-in name as accounts are looked up: Unicode-normalised (NFKC, so
 * full-width letters are plain ones), without surrounding white space of any
 * kind (String.prototype.trim covers U+3000 and the other Unicode spaces), in
 * lowercase. Every limit keyed on an identifier must use this form, or each
 * spelling of one account counts separately.
 */
export function normalizeIdentifier(identifier: unknown): string {
  return String(identifier ?? '')
    .normalize('NFKC')
    .trim()
    .toLowerCase();
}

export const usernameRule = z
  .string({ error: 'Choose a username.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{3,32}$/, {
    error: 'Usernames are 3–32 characters: letters, digits, “-” and “_”.',
  });

export const emailRule = z
  .string({ error: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'That email address is too long.' })
  .pipe(z.email({ error: 'Enter a valid email address.' }));

export const nameRule = z.string().trim().max(100, { error: 'Names are at most 100 characters.' });

/** Length-based, as NIST SP 800-63B §3.1.1.2 recommends, plus a deny list. */
export function passwordProblem(
  password: string,
  context: { username?: string; email?: string } = {},
) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Passwords must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `Passwords must be at most ${MAX_PASSWORD_LENGTH} characters.`;
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) {
    return 'That password is too easy to guess.';
  }
  if (lower === context.username?.toLowerCase() || lower === context.email?.toLowerCase()) {
    return 'Your password must not be your username or email address.';
  }
  return undefined;
}

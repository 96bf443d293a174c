import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { z } from 'zod';

/** Rules for account fields, shared by registration, the account page and the CLI. */

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

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

/**
 * Strength estimation (zxcvbn-ts) with its lists of common and breached
 * passwords, names and English words, and keyboard patterns, as NIST SP
 * 800-63B §3.1.1.2 asks ("passwords obtained from previous breach corpuses",
 * "dictionary words", "repetitive or sequential characters", "context-specific
 * words, such as the name of the service, the username").
 */
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary },
  graphs: common.adjacencyGraphs,
});

/** zxcvbn's score 3: "safely unguessable", about 10^8 guesses or more. */
const MIN_SCORE = 3;

/** Why zxcvbn refused a password, in words (its own messages are translation keys). */
const WARNINGS: Record<string, string> = {
  common: 'It is one of the most common passwords.',
  commonNames: 'Common names are easy to guess.',
  similarToCommon: 'It is a common password with small changes.',
  userInputs: 'It contains your username, email address or this site’s name.',
  simpleRepeat: 'Repeated characters are easy to guess.',
  extendedRepeat: 'Repeated patterns are easy to guess.',
  sequences: 'Sequences like “abc” or “6543” are easy to guess.',
  straightRow: 'Rows of keys on a keyboard are easy to guess.',
  keyPattern: 'Keyboard patterns are easy to guess.',
  dates: 'Dates are easy to guess.',
  recentYears: 'Recent years are easy to guess.',
  topTen: 'It is one of the ten most common passwords.',
  topHundred: 'It is one of the hundred most common passwords.',
};

/** Length limits, the person's own names, then estimated strength. */
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
  if (lower === context.username?.toLowerCase() || lower === context.email?.toLowerCase()) {
    return 'Your password must not be your username or email address.';
  }
  const userInputs = [
    'picard',
    ...(context.username ? [context.username] : []),
    ...(context.email ? [context.email, context.email.split('@')[0]!] : []),
  ];
  const result = estimator.check(password, userInputs);
  if (result.score < MIN_SCORE) {
    const why = WARNINGS[result.feedback.warning ?? ''] ?? '';
    return `That password is too easy to guess. ${why} A few unrelated words make a strong one.`
      .replace(/\s+/g, ' ')
      .trim();
  }
  return undefined;
}

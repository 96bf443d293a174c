import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens for links sent to people (invitations, password resets): 256 random
 * bits in the link, only their SHA-256 in the database, so a copy of the
 * database cannot be turned into working links.
 */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The shape a token from a URL must have before it is looked up at all. */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 signatures for values a server hands out and must recognise
 * later (session ids, CSRF tokens). `purpose` separates uses of one secret,
 * so a signature made for one thing is never valid for another.
 */
export function hmacSign(secret: string | Buffer, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${value}`).digest('base64url');
}

/** Whether `signature` is `value`'s for `purpose`, compared in constant time. */
export function hmacVerify(
  secret: string | Buffer,
  purpose: string,
  value: string,
  signature: string,
): boolean {
  return safeEqual(signature, hmacSign(secret, purpose, value));
}

/** Constant-time string comparison (lengths are not secret). */
export function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

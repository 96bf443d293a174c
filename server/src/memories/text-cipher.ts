import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Memory text at rest: AES-256-GCM with a fresh 96-bit IV per write (NIST SP
 * 800-38D §8.2), the memory id as additional authenticated data so a
 * ciphertext cannot be moved to another row, and a key id stored beside it so
 * keys can be rotated: new writes use the current key, old rows stay readable
 * while their key is listed among the previous ones.
 */
export interface TextCipher {
  /** Id of the key new writes use. */
  readonly keyId: string;
  encrypt(text: string, memoryId: string): Uint8Array<ArrayBuffer>;
  /** Throws {@link EncryptionKeyError} rather than ever returning garbage. */
  decrypt(blob: Uint8Array, keyId: string, memoryId: string): string;
  /**
   * Keyed digests (HMAC-SHA256 under a key derived from each configured key,
   * the current one first): they compare inputs without storing them, cannot
   * be checked against guessed texts without the key, and still recognise
   * what was fingerprinted before a key rotation. Store the first.
   */
  fingerprints(data: string): string[];
  /**
   * A key for another use (e.g. the keyword index) derived from each
   * configured key, the current one first, each named by its key's id: what
   * is keyed with them rotates with the encryption key.
   */
  derivedKeys(purpose: string): { keyId: string; key: Buffer }[];
}

/** Stored text cannot be decrypted with the configured keys. */
export class EncryptionKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyError';
  }
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A short, stable, non-reversible name for a key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('picard/memory-text/v1:')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

export interface TextCipherOptions {
  /** The current key, 32 bytes base64. */
  key: string;
  /** Retired keys still accepted for reading. */
  previousKeys?: string[];
}

export function createTextCipher({ key, previousKeys = [] }: TextCipherOptions): TextCipher {
  const current = decodeKey(key);
  const keys = new Map<string, Buffer>();
  for (const candidate of [current, ...previousKeys.map(decodeKey)])
    keys.set(keyIdOf(candidate), candidate);
  const keyId = keyIdOf(current);
  const fingerprintKeys = [...keys.values()].map((secret) =>
    createHmac('sha256', secret).update('picard/fingerprint/v1').digest(),
  );
  const digest = (secret: Buffer, data: string) =>
    createHmac('sha256', secret).update(data).digest('base64url');

  return {
    keyId,
    derivedKeys(purpose) {
      return [...keys].map(([id, secret]) => ({
        keyId: id,
        key: createHmac('sha256', secret).update(`picard/${purpose}/v1`).digest(),
      }));
    },
    fingerprints: (data) => fingerprintKeys.map((secret) => digest(secret, data)),
    encrypt(text, memoryId) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(memoryId));
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    decrypt(blob, storedKeyId, memoryId) {
      const secret = keys.get(storedKeyId);
      if (!secret) {
        throw new EncryptionKeyError(
          `memory ${memoryId} is encrypted with key ${storedKeyId}, which is not configured ` +
            '(set MEMORY_ENCRYPTION_KEY or MEMORY_ENCRYPTION_PREVIOUS_KEYS)',
        );
      }
      const data = Buffer.from(blob);
      try {
        const decipher = createDecipheriv('aes-256-gcm', secret, data.subarray(0, IV_BYTES));
        decipher.setAAD(Buffer.from(memoryId));
        decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(data.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new EncryptionKeyError(
          `memory ${memoryId} failed authentication: its ciphertext was altered`,
        );
      }
    },
  };
}

function decodeKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32)
    throw new EncryptionKeyError('an encryption key is not 32 bytes of base64');
  return key;
}

import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { importJWK, SignJWT, type JWK } from 'jose';
import {
  createAccessTokenVerifier,
  InvalidTokenError,
} from '../../src/resource-server/access-token.js';
import { createGrantRevocation } from '../../src/authorization-server/grant-revocation.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const ISSUER = 'https://picard.example';
const RESOURCE = `${ISSUER}/api`;

describe('the access-token verifier remembers verified tokens only until they expire', () => {
  it('a token accepted once is refused after its expiry, though its signature is not checked again', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid: 'k1', alg: 'RS256' };
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const verifier = createAccessTokenVerifier({
      issuer: ISSUER,
      keys: [jwk as Record<string, unknown>],
      revocation: createGrantRevocation({ db: test.db }),
      clockToleranceSeconds: 0,
      now: () => clock,
    });
    const issuedAt = Math.floor(clock / 1000);
    const token = await new SignJWT({ client_id: 'c', gid: 'g', scope: 'memories:read' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(RESOURCE)
      .setSubject('00000000-0000-4000-8000-000000000001')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 60)
      .sign(await importJWK(jwk, 'RS256'));

    await expect(verifier.verify(token, RESOURCE)).resolves.toMatchObject({ grantId: 'g' });
    clock += 59_000;
    await expect(verifier.verify(token, RESOURCE)).resolves.toMatchObject({ grantId: 'g' });
    clock += 2_000;
    await expect(verifier.verify(token, RESOURCE)).rejects.toEqual(
      new InvalidTokenError('the access token has expired'),
    );
    // Remembered for one resource only: the audience is still checked for another.
    clock -= 2_000;
    await expect(verifier.verify(token, `${ISSUER}/mcp`)).rejects.toEqual(
      new InvalidTokenError('the access token is not meant for this resource'),
    );
  });
});

import type { ApplicationLimits } from '../authorization-server/application-limits.js';
import type { ApplicationLimit } from './caller.js';
import {
  createLocalJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWK,
  type JWTPayload,
} from 'jose';
import type { GrantRevocation } from '../authorization-server/grant-revocation.js';

/** A verified access token: who it speaks for, which client holds it, what it allows. */
export interface VerifiedToken {
  subject: string;
  clientId: string;
  scopes: string[];
  grantId: string;
  /** What the person limited this application to, if anything. */
  limit?: ApplicationLimit;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/** The token is missing its mark: expired, forged, for another audience, revoked… */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}

export interface AccessTokenVerifier {
  /** Verifies `token` for `resource` (an RFC 8707 resource indicator). */
  verify(token: string, resource: string): Promise<VerifiedToken>;
}

/** Private parts of RSA and EC keys; what is left is what the provider publishes at /jwks. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

export function publicJwks(keys: Record<string, unknown>[]): JWK[] {
  return keys.map(
    (key) =>
      Object.fromEntries(
        Object.entries(key).filter(([name]) => !PRIVATE_MEMBERS.includes(name)),
      ) as JWK,
  );
}

/**
 * Checks JWT access tokens (RFC 9068) as the resource server: the signature
 * against the authorization server's published keys, `typ: at+jwt` (§4),
 * issuer, expiry, audience = this resource (§4, RFC 8707), and that the grant
 * behind the token has not been revoked since it was issued. The keys are
 * those the provider signs with (OIDC_JWKS), so no network fetch is needed;
 * several instances share them through configuration.
 */
export function createAccessTokenVerifier(options: {
  issuer: string;
  keys: Record<string, unknown>[];
  revocation: Pick<GrantRevocation, 'isGrantRevoked'>;
  /** What the person limited each application to; none when absent. */
  limits?: Pick<ApplicationLimits, 'limitOf'>;
  /** Seconds of clock skew tolerated on `exp`/`nbf`/`iat`. */
  clockToleranceSeconds?: number;
  /** The clock, in milliseconds; tests pass their own. */
  now?: () => number;
}): AccessTokenVerifier {
  const now = options.now ?? Date.now;
  const keySet = createLocalJWKSet({ keys: publicJwks(options.keys) });
  const tolerance = options.clockToleranceSeconds ?? 5;
  // A token's signature and claims never change: once verified for a resource,
  // later uses only need the expiry re-checked (and revocation, below).
  const verified = new Map<string, JWTPayload>();
  const verifySignatureAndClaims = async (token: string, resource: string) => {
    const key = `${resource} ${token}`;
    const known = verified.get(key);
    if (known && known.exp! + tolerance > now() / 1000) return known;
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: options.issuer,
        audience: resource,
        typ: 'at+jwt',
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'sub', 'client_id', 'iat'],
        clockTolerance: tolerance,
        currentDate: new Date(now()),
      });
      if (verified.size >= 10_000) verified.clear();
      verified.set(key, payload);
      return payload;
    } catch (error) {
      verified.delete(key);
      throw new InvalidTokenError(describeJoseError(error));
    }
  };
  return {
    async verify(token, resource) {
      const payload = await verifySignatureAndClaims(token, resource);
      const {
        sub,
        client_id: clientId,
        gid,
        scope,
        exp,
      } = payload as {
        sub: string;
        client_id: unknown;
        gid?: unknown;
        scope?: unknown;
        exp: number;
      };
      if (typeof clientId !== 'string' || typeof gid !== 'string') {
        throw new InvalidTokenError('the access token was not issued by this server');
      }
      if (await options.revocation.isGrantRevoked(gid)) {
        throw new InvalidTokenError('the access token has been revoked');
      }
      const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
      // Looked up per request (briefly cached), so a changed limit applies at once.
      const limit = await options.limits?.limitOf(sub, clientId);
      return {
        subject: sub,
        clientId,
        grantId: gid,
        // A read-only application holds no write scope, whatever the token says.
        scopes: limit?.readOnly ? scopes.filter((name) => name !== 'memories:write') : scopes,
        expiresAt: exp,
        ...(limit ? { limit } : {}),
      };
    },
  };
}

/** A description safe to show the caller: what was wrong, nothing about the keys. */
function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the access token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return 'the access token is not meant for this resource';
      case 'iss':
        return 'the access token was not issued by this server';
      case 'typ':
        return 'the token is not an access token (typ must be at+jwt)';
      default:
        return `the access token's ${error.claim} claim is invalid`;
    }
  }
  if (
    error instanceof joseErrors.JWSSignatureVerificationFailed ||
    error instanceof joseErrors.JWKSNoMatchingKey
  ) {
    return 'the access token signature is not valid';
  }
  return 'the access token is malformed';
}

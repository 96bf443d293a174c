import { isLoopbackHost } from '@picard/kit/loopback.js';

/**
 * Which browser origins may call the resource surfaces. The MCP transport
 * spec requires servers to validate `Origin` against DNS rebinding; the same
 * list drives CORS.
 */
export interface OriginPolicy {
  /** True for requests without an Origin (not from a browser) and for allowed origins. */
  allows(origin: string | undefined): boolean;
  /** The same rule as the `origin` option of the `cors` middleware. */
  corsOrigin(origin: string | undefined, callback: (error: null, allow: boolean) => void): void;
}

export function createOriginPolicy(options: {
  allowed: string[];
  allowLoopback: boolean;
}): OriginPolicy {
  const allowed = new Set(options.allowed);
  const policy: OriginPolicy = {
    corsOrigin: (origin, callback) => callback(null, policy.allows(origin)),
    allows(origin) {
      if (origin === undefined) return true;
      if (allowed.has(origin)) return true;
      if (!options.allowLoopback || !URL.canParse(origin)) return false;
      const url = new URL(origin);
      return (
        (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname)
      );
    },
  };
  return policy;
}

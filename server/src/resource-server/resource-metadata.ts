import { Router } from 'express';

export interface ProtectedResource {
  /** The resource indicator (RFC 8707), e.g. `https://picard.example.com/mcp`. */
  resource: string;
  name: string;
  documentation?: string;
}

/**
 * Where RFC 9728 §3.1 puts a resource's metadata: the well-known segment
 * inserted between the host and the resource's path.
 */
export function resourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  return `${url.origin}/.well-known/oauth-protected-resource${url.pathname.replace(/\/$/, '')}`;
}

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for each resource, at its
 * path-suffixed well-known URL. The root document describes the first
 * resource (the MCP server): clients that only try the root still find it,
 * and its `resource` is a prefix-match of the MCP endpoint as MCP clients
 * check. Public and cacheable; any origin may read it (browser-based clients).
 */
export function resourceMetadataRouter(options: {
  issuer: string;
  scopes: string[];
  resources: [ProtectedResource, ...ProtectedResource[]];
}): Router {
  const document = ({ resource, name, documentation }: ProtectedResource) => ({
    resource,
    authorization_servers: [options.issuer],
    scopes_supported: options.scopes,
    bearer_methods_supported: ['header'],
    resource_signing_alg_values_supported: ['RS256'],
    resource_name: name,
    ...(documentation ? { resource_documentation: documentation } : {}),
  });
  const router = Router();
  const serve = (path: string, resource: ProtectedResource) => {
    router.options(path, (_req, res) => {
      res
        .set({
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Methods': 'GET, OPTIONS',
          'Access-Control-Allow-Headers': 'MCP-Protocol-Version',
          'Access-Control-Max-Age': '86400',
        })
        .status(204)
        .end();
    });
    router.get(path, (_req, res) => {
      res
        .set({ 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=3600' })
        .json(document(resource));
    });
  };
  for (const resource of options.resources) {
    serve(new URL(resourceMetadataUrl(resource.resource)).pathname, resource);
  }
  serve('/.well-known/oauth-protected-resource', options.resources[0]);
  return router;
}

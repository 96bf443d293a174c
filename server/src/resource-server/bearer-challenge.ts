/**
 * `WWW-Authenticate: Bearer …` values (RFC 6750 §3) with the protected
 * resource metadata pointer of RFC 9728 §5.1.
 */
export function bearerChallenge(params: {
  resourceMetadataUrl: string;
  scopes: string[];
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  description?: string;
}): string {
  const attributes: [string, string][] = [];
  // RFC 6750 §3.1: no error code when the request carried no credentials.
  if (params.error) attributes.push(['error', params.error]);
  if (params.error && params.description) {
    attributes.push(['error_description', params.description]);
  }
  attributes.push(['resource_metadata', params.resourceMetadataUrl]);
  if (params.scopes.length > 0) attributes.push(['scope', params.scopes.join(' ')]);
  // Quoted-string values: the descriptions written here never contain quotes or backslashes.
  return `Bearer ${attributes.map(([name, value]) => `${name}="${value.replace(/["\\]/g, '')}"`).join(', ')}`;
}

import type { KoaContextWithOIDC } from 'oidc-provider';
import { errorPage } from './interaction-pages.js';

/**
 * oidc-provider's HTML error page (when it cannot redirect the error back to
 * the client, e.g. an unknown client_id or redirect_uri): the RFC error code
 * and description, never a stack trace.
 */
export async function renderProviderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  ctx.state.renderedError = true;
  ctx.type = 'html';
  ctx.body = errorPage(
    'This sign-in request cannot continue',
    `${out.error_description ?? 'The request was not valid.'} (${out.error})`,
  );
}

import type { KoaContextWithOIDC } from 'oidc-provider';
import { errorPage } from './interaction-pages.js';

/**
 * oidc-provider's HTML error page (when it cannot redirect the error back to
 * the client, e.g. an unknown client_id or redirect_uri): the RFC error code
 * and description, never a stack trace. An unknown client at the
 * authorization endpoint gets a page of its own: unused registrations are
 * deleted (purge-stale-clients.ts), and the person should know to reconnect.
 */
export async function renderProviderError(
  ctx: KoaContextWithOIDC,
  out: { error: string; error_description?: string },
): Promise<void> {
  ctx.state.renderedError = true;
  ctx.type = 'html';
  if (out.error === 'invalid_client' && ctx.oidc?.route === 'authorization') {
    ctx.body = errorPage(
      'This application is not registered with Picard',
      'Picard does not know the application that sent you here: it may never have been ' +
        'registered, or its registration was removed because it was not used. You have not ' +
        'been signed in and nothing was shared. Go back to the application and connect it ' +
        'again; it will register anew. (invalid_client)',
    );
    return;
  }
  ctx.body = errorPage(
    'This sign-in request cannot continue',
    `${out.error_description ?? 'The request was not valid.'} (${out.error})`,
  );
}

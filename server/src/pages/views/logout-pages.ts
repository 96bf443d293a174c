import type { KoaContextWithOIDC } from 'oidc-provider';
import { escapeHtml, page } from './html.js';

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the
 * confirmation page around oidc-provider's own form (which carries its CSRF
 * token), and the page shown when no client asked to be returned to.
 */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const client = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
  ctx.type = 'html';
  ctx.body = page({
    title: 'Sign out',
    body: `<h1>Sign out of Picard${client ? ` and ${escapeHtml(client)}` : ''}?</h1>
${form}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm" class="secondary">No, stay signed in</button>
</div>`,
  });
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page({
    title: 'Signed out',
    body: '<h1>You are signed out</h1><p>You can close this page.</p>',
  });
}

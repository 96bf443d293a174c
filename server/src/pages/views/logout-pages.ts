import type { KoaContextWithOIDC } from 'oidc-provider';
import { html, page, trusted } from './html.js';

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the
 * confirmation page around oidc-provider's own form (which carries its CSRF
 * token), and the page shown when no client asked to be returned to.
 */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const client = ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId;
  // The application has already ended its own session when it sends the
  // browser here; what is left to decide is the Picard sign-in on this
  // browser, which would let any application sign the person in again
  // without a password.
  const intro = client
    ? html`<p>You have signed out of ${client}. You are still signed in to Picard on this browser, so applications can sign you in again without asking for your password.</p>`
    : html`<p>While you are signed in to Picard on this browser, applications can sign you in without asking for your password.</p>`;
  ctx.type = 'html';
  ctx.body = page({
    title: 'Sign out of Picard',
    // oidc-provider's own form, markup it built (with its CSRF token).
    body: html`<h1>Sign out of Picard on this browser too?</h1>
${intro}
${trusted(form)}
<div class="actions">
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out of Picard</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in to Picard</button>
</div>`,
  });
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page({
    title: 'Signed out',
    body: html`<h1>You are signed out</h1><p>You can close this page.</p>`,
  });
}

import type { Account } from '../../accounts/accounts.js';
import type { ConnectedApp } from '../../accounts/connected-apps.js';
import { MIN_PASSWORD_LENGTH } from '../../accounts/account-rules.js';
import { describeScope } from '../scope-descriptions.js';
import { csrfInput, field, html, page } from './html.js';
import { applicationLimitFields } from './interaction-pages.js';

/** One line on what an application is limited to. */
export function describeLimit(limit: { tags: string[]; readOnly: boolean }): string {
  const reach = limit.tags.length
    ? `Limited to memories tagged ${limit.tags.join(', ')}`
    : 'Not limited to any tags';
  return `${reach}${limit.readOnly ? '; read only.' : '.'}`;
}

export interface AccountPageState {
  notice?: string;
  errors?: Record<string, string>;
}

export function accountLoginPage(
  csrf: string,
  state: { message?: string; username?: string } = {},
): string {
  return page({
    title: 'Your account',
    body: html`<h1>Sign in to manage your account</h1>
<p class="hint">Your account page can change your password, disconnect applications and delete your account, so it asks for your password unless you signed in on this browser in the last few minutes.</p>
${state.message && html`<p class="error" role="alert">${state.message}</p>`}
<form method="post" action="/account/login" novalidate>
${csrfInput(csrf)}
${field({ name: 'username', label: 'Username or email', value: state.username, autocomplete: 'username', autofocus: true })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
<button type="submit">Sign in</button>
</form>
<p><a href="/account/forgot">Forgot your password?</a></p>`,
  });
}

/** Where the account page links back to: the web client, when there is one. */
export interface AccountPageLinks {
  webClientUrl?: string | undefined;
}

export function accountPage(
  account: Account,
  apps: ConnectedApp[],
  csrf: string,
  state: AccountPageState = {},
  links: AccountPageLinks = {},
): string {
  const e = state.errors ?? {};
  const appList = apps.length
    ? html`<ul>${apps.map(
        (app, i) => html`${i > 0 && '\n'}<li><strong>${app.clientName}</strong>
<p class="hint">Last used: ${app.lastUsedAt ? app.lastUsedAt.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never'}. It may:</p>
<ul>${app.scopes.length ? app.scopes.map((scope) => html`<li>${describeScope(scope)}</li>`) : html`<li>nothing</li>`}</ul>
<p class="limit">${describeLimit(app.limit)}</p>
<form method="post" action="/account/apps/limit">${csrfInput(csrf)}
<input type="hidden" name="client_id" value="${app.clientId}">
${applicationLimitFields({ tags: app.limit.tags.join(', '), readOnly: app.limit.readOnly, offerReadOnly: app.scopes.includes('memories:write') })}
<button type="submit" class="secondary">Save limits for ${app.clientName}</button></form>
<form method="post" action="/account/apps/disconnect">${csrfInput(csrf)}
<input type="hidden" name="client_id" value="${app.clientId}">
<button type="submit" class="secondary">Disconnect ${app.clientName}</button></form></li>`,
      )}</ul>`
    : html`<p>No applications are connected to your account.</p>`;
  return page({
    title: 'Your account',
    body: html`<h1>Your account: ${account.username}</h1>
${links.webClientUrl && html`<p><a href="${links.webClientUrl}">Back to Picard web</a></p>`}
${account.role === 'admin' && html`<p><a href="/account/admin">Administration</a></p>`}
${state.notice && html`<p role="status">${state.notice}</p>`}
<section aria-labelledby="profile-heading"><h2 id="profile-heading">Profile</h2>
<dl class="facts"><dt>Username</dt><dd>${account.username} <span class="hint">(cannot be changed)</span></dd></dl>
<form method="post" action="/account/profile" novalidate>${csrfInput(csrf)}
${field({ name: 'name', label: 'Name', value: account.name ?? '', error: e.name, autocomplete: 'name', hint: 'Optional: how applications greet you. Your username is shown where it is empty.' })}
${field({ name: 'email', label: 'Email', type: 'email', value: account.email, error: e.email, autocomplete: 'email' })}
<button type="submit">Save profile</button></form></section>
<section aria-labelledby="password-heading"><h2 id="password-heading">Password</h2>
<p class="hint">Changing it disconnects every connected application.</p>
<form method="post" action="/account/password" novalidate>${csrfInput(csrf)}
${field({ name: 'current_password', label: 'Current password', type: 'password', error: e.current_password, autocomplete: 'current-password' })}
${field({ name: 'password', label: 'New password', type: 'password', error: e.password, autocomplete: 'new-password', hint: `At least ${MIN_PASSWORD_LENGTH} characters.` })}
<button type="submit">Change password</button></form></section>
<section aria-labelledby="apps-heading"><h2 id="apps-heading">Connected applications</h2>
${appList}</section>
<section aria-labelledby="delete-heading" class="danger"><h2 id="delete-heading">Danger: delete your account</h2>
<p><strong>This deletes your account and all of your memories, for you and every application. It cannot be undone.</strong></p>
<form method="post" action="/account/delete" novalidate>${csrfInput(csrf)}
${field({ name: 'confirm_username', label: `Type your username (${account.username}) to confirm`, error: e.confirm_username })}
${field({ name: 'confirm_password', label: 'Your password', type: 'password', error: e.confirm_password, autocomplete: 'current-password' })}
<button type="submit" class="danger">Delete my account and all my memories</button></form></section>
<form method="post" action="/account/logout">${csrfInput(csrf)}<button type="submit" class="secondary">Sign out</button></form>`,
  });
}

import { html, trusted, type SafeHtml } from '@picard/kit/html.js';
import type { AdminAuditEntry } from '../../admin/admin-audit.js';
import type { ClientSummary } from '../../admin/client-directory.js';
import type { Invitation } from '../../admin/invitations.js';
import type { UserSummary } from '../../admin/user-directory.js';
import { page } from './html.js';

/**
 * The administration pages. Every value goes through the kit's `html`
 * template, which escapes it; none of them ever holds memory text (the
 * directories only read counts and names).
 */

const when = (date: Date | null) =>
  date ? `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC` : 'never';

/** What an admin page shows once after a change: a notice, an error, or a value to copy. */
export interface AdminNotice {
  notice?: string;
  error?: string;
  /** Shown once (a client secret, a link); never stored in the page's URL. */
  once?: { label: string; value: string };
}

const csrfField = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function adminPage(title: string, body: SafeHtml, state: AdminNotice = {}): string {
  return page({
    title,
    body: html`<div class="admin">
<nav aria-label="Administration">
<a href="/account/admin/users">Users</a>
<a href="/account/admin/apps">Applications</a>
<a href="/account/admin/invitations">Invitations</a>
<a href="/account/admin/audit">Audit trail</a>
<a href="/account">Your account</a>
</nav>
<h1>${title}</h1>
${state.notice ? html`<p role="status">${state.notice}</p>` : ''}
${state.error ? html`<p class="error" role="alert">${state.error}</p>` : ''}
${
  state.once
    ? html`<p><strong>${state.once.label}</strong> (shown once; copy it now):</p>
<p class="once"><code id="once-value">${state.once.value}</code></p>`
    : ''
}
${body}
</div>`,
  });
}

/** A one-button form posting to `action`. */
const button = (csrf: string, action: string, label: string, secondary = true) =>
  html`<form method="post" action="${action}">${csrfField(csrf)}<button type="submit"${
    secondary ? trusted(' class="secondary"') : ''
  }>${label}</button></form>`;

export function adminUsersPage(view: {
  users: UserSummary[];
  total: number;
  query: string;
  offset: number;
  limit: number;
  csrf: string;
  state?: AdminNotice;
}): string {
  const path = (username: string, action: string) =>
    `/account/admin/users/${encodeURIComponent(username)}/${action}`;
  const rows = view.users.map(
    (user) => html`<tr>
<td><strong>${user.username}</strong>${user.role === 'admin' ? html` <span class="hint">(admin)</span>` : ''}${
      user.suspendedAt ? html` <span class="error">suspended</span>` : ''
    }</td>
<td>${user.email}</td>
<td>${when(user.createdAt)}</td>
<td>${when(user.lastSignInAt)}</td>
<td>${user.memoryCount}</td>
<td>${user.connectedApps}</td>
<td>
${
  user.suspendedAt
    ? button(view.csrf, path(user.username, 'restore'), `Restore ${user.username}`)
    : button(view.csrf, path(user.username, 'suspend'), `Suspend ${user.username}`)
}
${button(view.csrf, path(user.username, 'sign-out'), `Sign out ${user.username}`)}
${button(view.csrf, path(user.username, 'password-reset'), `Reset link for ${user.username}`)}
<a href="${path(user.username, 'delete')}">Delete…</a>
</td>
</tr>`,
  );
  const next = view.offset + view.limit < view.total;
  return adminPage(
    'Users',
    html`<form method="get" action="/account/admin/users" class="search" role="search">
<div><label for="field-q">Search username or email</label>
<input id="field-q" name="q" value="${view.query}"></div>
<button type="submit">Search</button>
</form>
<p>${view.total} account${view.total === 1 ? '' : 's'}${view.query ? html` matching “${view.query}”` : ''}.</p>
<table>
<thead><tr><th scope="col">Username</th><th scope="col">Email</th><th scope="col">Created</th><th scope="col">Last sign-in</th><th scope="col">Memories</th><th scope="col">Applications</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody>
</table>
${
  next
    ? html`<p><a href="/account/admin/users?q=${encodeURIComponent(view.query)}&amp;offset=${view.offset + view.limit}">Next page</a></p>`
    : ''
}`,
    view.state,
  );
}

export function adminDeleteUserPage(view: {
  username: string;
  memoryCount: number;
  csrf: string;
  error?: string;
}): string {
  return adminPage(
    `Delete ${view.username}?`,
    html`<p>This deletes the account <strong>${view.username}</strong> and its ${view.memoryCount} memories. It cannot be undone.</p>
<form method="post" action="/account/admin/users/${encodeURIComponent(view.username)}/delete" novalidate>
${csrfField(view.csrf)}
<label for="field-confirm">Type the username (${view.username}) to confirm</label>
<input id="field-confirm" name="confirm_username" required${view.error ? trusted(' aria-invalid="true" aria-describedby="field-confirm-error"') : ''}>
${view.error ? html`<p class="field-error" id="field-confirm-error">${view.error}</p>` : ''}
<button type="submit">Delete the account and its memories</button>
</form>`,
  );
}

const KIND_LABELS: Record<ClientSummary['kind'], string> = {
  'pre-registered': 'Pre-registered',
  dynamic: 'Dynamically registered',
  'metadata-document': 'Metadata document',
};

export function adminAppsPage(view: {
  clients: ClientSummary[];
  webClientId: string;
  csrf: string;
  state?: AdminNotice;
}): string {
  const rows = view.clients.map(
    (client) => html`<tr>
<td><strong>${client.name}</strong><br><span class="hint">${client.clientId}</span></td>
<td>${KIND_LABELS[client.kind]}</td>
<td>${client.redirectHosts.join(', ') || '—'}</td>
<td>${when(client.createdAt)}</td>
<td>${when(client.lastUsedAt)}</td>
<td>${client.grants}</td>
<td>
<form method="post" action="/account/admin/apps/revoke">${csrfField(view.csrf)}<input type="hidden" name="client_id" value="${client.clientId}"><button type="submit" class="secondary">Revoke grants of ${client.name}</button></form>
${
  client.clientId === view.webClientId
    ? ''
    : html`<form method="post" action="/account/admin/apps/delete">${csrfField(view.csrf)}<input type="hidden" name="client_id" value="${client.clientId}"><button type="submit" class="secondary">Delete ${client.name}</button></form>`
}
</td>
</tr>`,
  );
  return adminPage(
    'Applications',
    html`<table>
<thead><tr><th scope="col">Application</th><th scope="col">Kind</th><th scope="col">Redirect hosts</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Grants</th><th scope="col">Actions</th></tr></thead>
<tbody>${rows}</tbody>
</table>
<h2 id="create-heading">Pre-register a confidential client</h2>
<form method="post" action="/account/admin/apps" novalidate aria-labelledby="create-heading">
${csrfField(view.csrf)}
<label for="field-name">Name (shown on the consent page)</label>
<input id="field-name" name="name" required>
<label for="field-redirect">Redirect URIs (one per line)</label>
<textarea id="field-redirect" name="redirect_uris" rows="3" cols="60" required></textarea>
<button type="submit">Register the client</button>
</form>`,
    view.state,
  );
}

export function adminInvitationsPage(view: {
  invitations: Invitation[];
  signup: string;
  csrf: string;
  state?: AdminNotice;
}): string {
  const status = (invitation: Invitation) =>
    invitation.usedAt
      ? `used ${when(invitation.usedAt)}`
      : invitation.expiresAt.getTime() <= Date.now()
        ? 'expired'
        : 'waiting';
  return adminPage(
    'Invitations',
    html`<p>Sign-up policy: <strong>${view.signup}</strong> (SIGNUP). Invitations matter when it is <code>invite</code>.</p>
${button(view.csrf, '/account/admin/invitations', 'Create an invitation link', false)}
<table>
<thead><tr><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Status</th></tr></thead>
<tbody>${view.invitations.map(
      (invitation) =>
        html`<tr><td>${when(invitation.createdAt)}</td><td>${when(invitation.expiresAt)}</td><td>${status(invitation)}</td></tr>`,
    )}</tbody>
</table>`,
    view.state,
  );
}

export function adminAuditPage(view: { entries: AdminAuditEntry[] }): string {
  return adminPage(
    'Audit trail',
    html`<table>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Where</th><th scope="col">What</th><th scope="col">On</th></tr></thead>
<tbody>${view.entries.map(
      (entry) =>
        html`<tr><td>${when(entry.at)}</td><td>${entry.actor}</td><td>${entry.surface}</td><td>${entry.action}</td><td>${entry.target ?? '—'}</td></tr>`,
    )}</tbody>
</table>`,
  );
}

export function adminOnlyPage(): string {
  return page({
    title: 'Administrators only',
    body: html`<h1>Administrators only</h1>
<p role="alert">Your account is not an administrator of this Picard server.</p>
<p><a href="/account">Back to your account</a></p>`,
  });
}

export function invitePage(signupUrl: string): string {
  return page({
    title: 'You are invited',
    body: html`<h1>You are invited to Picard</h1>
<p>This invitation works once. Create your account now:</p>
<p><a href="${signupUrl}">Create your account</a></p>`,
  });
}

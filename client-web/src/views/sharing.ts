import { html, type SafeHtml } from '@picard/kit/html.js';
import type { Group, Sharing } from '../api/picard-api.js';
import { csrfField } from './html.js';
import { when } from './pages.js';
import type { Viewer } from './time.js';

/** Usernames as typed in a form: commas or spaces between them. */
export function usernamesOf(value: unknown): string[] {
  return [
    ...new Set(
      String(value ?? '')
        .split(/[\s,]+/)
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}

/**
 * The share dialog of a memory page, as a plain form: who it is shared with
 * (usernames, and the groups one belongs to), and a way to stop sharing.
 */
export function shareSection(options: {
  memoryId: string;
  sharing: Sharing;
  groups: Group[];
  reads: { username: string; action: string; at: string }[];
  csrf: string;
  viewer: Viewer;
  error?: string;
}): SafeHtml {
  const { sharing } = options;
  const chosen = new Set(sharing.groups.map((group) => group.id));
  const current =
    sharing.permission === 'shared' && (sharing.users.length > 0 || sharing.groups.length > 0)
      ? html`<p>Shared with ${[...sharing.users, ...sharing.groups.map((group) => `${group.name} (group)`)].join(', ')}. They can read it, not change or share it.</p>`
      : html`<p>Not shared with anyone in particular.</p>`;
  const groups =
    options.groups.length === 0
      ? html`<p class="meta">You are in no groups yet. <a href="/groups">Make one</a> to share with several people at once.</p>`
      : html`<fieldset><legend>Groups</legend>${options.groups.map(
          (group) =>
            html`<label><input type="checkbox" name="groups" value="${group.id}"${chosen.has(group.id) ? html` checked` : ''}> ${group.name}</label>`,
        )}</fieldset>`;
  const reads =
    options.reads.length > 0 &&
    html`<h3>Who read it</h3><ul class="reads">${options.reads.map(
      (read) => html`<li>${read.username} · ${when(read.at, options.viewer)}</li>`,
    )}</ul>`;
  return html`<section aria-labelledby="sharing-heading"><h2 id="sharing-heading">Sharing</h2>
${current}
${options.error && html`<p class="error" role="alert" id="share-error">${options.error}</p>`}
<form method="post" action="/memories/${options.memoryId}/share" aria-label="Share this memory">
${csrfField(options.csrf)}
<label for="share-users">People <span class="meta">(usernames, separated by commas)</span></label>
<input type="text" id="share-users" name="users" value="${sharing.users.join(', ')}" autocomplete="off"${options.error ? html` aria-invalid="true" aria-describedby="share-error"` : ''}>
${groups}
<button type="submit">Save sharing</button>
</form>
${
  sharing.permission === 'shared' &&
  html`<form method="post" action="/memories/${options.memoryId}/share" aria-label="Stop sharing">
${csrfField(options.csrf)}<input type="hidden" name="users" value="">
<button type="submit" class="secondary">Stop sharing</button></form>`
}
${reads}
</section>`;
}

/** The groups page: one's groups with their members, and forms to change them. */
export function groupsBody(options: {
  groups: Group[];
  username: string;
  csrf: string;
  error?: string;
}): SafeHtml {
  const list =
    options.groups.length === 0
      ? html`<p>You are in no groups yet.</p>`
      : html`<ul class="groups">${options.groups.map((group) => groupItem(group, options))}</ul>`;
  return html`<p>Share a memory with a group and everyone in it can read it, including people added later; people removed stop seeing it at once.</p>
${options.error && html`<p class="error" role="alert">${options.error}</p>`}
${list}
<h2>New group</h2>
<form method="post" action="/groups" aria-label="New group">
${csrfField(options.csrf)}
<label for="group-name">Name</label>
<input type="text" id="group-name" name="name" required maxlength="100">
<label for="group-members">Members <span class="meta">(usernames, separated by commas)</span></label>
<input type="text" id="group-members" name="members" autocomplete="off">
<button type="submit">Create group</button>
</form>`;
}

function groupItem(group: Group, options: { username: string; csrf: string }): SafeHtml {
  const mine = group.owner === options.username;
  const heading = html`<h2 id="group-${group.id}">${group.name}</h2>
<p class="meta">${mine ? 'Yours' : `Made by ${group.owner}`} · ${group.members.length} ${group.members.length === 1 ? 'member' : 'members'}</p>`;
  if (!mine) {
    return html`<li aria-labelledby="group-${group.id}">${heading}
<ul>${group.members.map((member) => html`<li>${member}</li>`)}</ul>
<form method="post" action="/groups/${group.id}/leave">${csrfField(options.csrf)}
<button type="submit" class="secondary">Leave ${group.name}</button></form></li>`;
  }
  return html`<li aria-labelledby="group-${group.id}">${heading}
<ul>${group.members.map(
    (member) =>
      html`<li>${member}${
        member !== group.owner &&
        html` <form method="post" action="/groups/${group.id}/members/remove" class="inline">${csrfField(options.csrf)}
<input type="hidden" name="members" value="${member}"><button type="submit" class="link">Remove ${member}</button></form>`
      }</li>`,
  )}</ul>
<form method="post" action="/groups/${group.id}/members" aria-label="Add people to ${group.name}">${csrfField(options.csrf)}
<label for="add-${group.id}">Add people <span class="meta">(usernames)</span></label>
<input type="text" id="add-${group.id}" name="members" required autocomplete="off">
<button type="submit" class="secondary">Add</button></form>
<form method="post" action="/groups/${group.id}/rename" aria-label="Rename ${group.name}">${csrfField(options.csrf)}
<label for="rename-${group.id}">New name</label>
<input type="text" id="rename-${group.id}" name="name" required maxlength="100" value="${group.name}">
<button type="submit" class="secondary">Rename</button></form>
<form method="post" action="/groups/${group.id}/delete">${csrfField(options.csrf)}
<button type="submit" class="danger">Delete ${group.name}</button></form></li>`;
}

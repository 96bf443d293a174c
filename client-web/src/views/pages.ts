import { html, type SafeHtml } from '@picard/kit/html.js';
import type { Hit, Memory, MemoryVersion, PersonaAnswer, Summary } from '../api/picard-api.js';
import { downloadBody } from './transfer-pages.js';
import { csrfField } from './html.js';
import { formatTime, relativeTime, type Viewer } from './time.js';

/** Form values as the person typed them, kept when they are refused. */
export interface MemoryFormValues {
  text: string;
  permission: Memory['permission'];
  tags: string;
  expires: string;
}

/** Where the list of the person's own tags goes, for tag fields to suggest from. */
export const TAG_SUGGESTIONS = 'your-tags';

export function tagSuggestions(tags: Summary['tags']): SafeHtml {
  return html`<datalist id="${TAG_SUGGESTIONS}">${tags.map((tag) => html`<option value="${tag.name}"></option>`)}</datalist>`;
}

/** An exact time in the viewer's zone, and how long ago it was. */
export function when(iso: string, viewer: Viewer): SafeHtml {
  return html`<time datetime="${iso}" title="${formatTime(iso, viewer)}">${relativeTime(iso, viewer)}</time>`;
}

function tagList(tags: string[]): SafeHtml {
  return html`${tags.map((tag) => html`<span class="tag">${tag}</span>`)}`;
}

export const permissionLabel = (permission: string) =>
  permission === 'public' ? 'Public' : permission === 'shared' ? 'Shared' : 'Private';

export function memoryMeta(memory: Memory, viewer: Viewer): SafeHtml {
  const edited = memory.version > 1 && html` · edited ${when(memory.updatedAt, viewer)}`;
  return html`<span class="permission">${permissionLabel(memory.permission)}</span>
 · created ${when(memory.createdAt, viewer)}${edited}${memory.expiresAt && html` · forgotten ${when(memory.expiresAt, viewer)}`}
 ${tagList(memory.tags)}`;
}

export function landingBody(): SafeHtml {
  return html`<p>Picard keeps your memories — facts, preferences, notes — for you and for the AI assistants you allow.
Private memories are yours alone; public ones let others ask your persona.</p>
<p><a class="button" href="/login">Sign in</a> <a class="button secondary" href="/signup">Create account</a></p>`;
}

const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 137)}…` : text);

export const SORTS = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  updated: 'Recently edited',
} as const;
export type Sort = keyof typeof SORTS;

/** Whose memories the dashboard lists. */
export const SCOPES = {
  own: 'Mine',
  shared: 'Shared with me',
  all: 'Mine and shared with me',
} as const;
export type Scope = keyof typeof SCOPES;

export interface ListFilters {
  scope: Scope;
  permission: string;
  tag: string;
  sort: Sort;
}

/** The dashboard: counts, tags, filters and sorting, and the list with bulk actions. */
export function memoriesBody(options: {
  items: Memory[];
  nextCursor: string | null;
  filters: ListFilters;
  summary: Summary;
  csrf: string;
  viewer: Viewer;
}): SafeHtml {
  const { filters, summary, viewer } = options;
  const query = (extra: Record<string, string>) =>
    new URLSearchParams(
      Object.entries({ ...filters, ...extra }).filter(
        ([key, value]) =>
          value && !(key === 'sort' && value === 'newest') && !(key === 'scope' && value === 'own'),
      ),
    ).toString();
  const counts = html`<p class="counts">${summary.total} ${summary.total === 1 ? 'memory' : 'memories'}:
 ${summary.byPermission.private} private, ${summary.byPermission.public} public, ${summary.byPermission.shared} shared</p>`;
  const tags =
    summary.tags.length > 0 &&
    html`<nav aria-label="Your tags" class="tags"><ul>${summary.tags.map(
      (tag) =>
        html`<li><a href="/memories?${query({ tag: tag.name, cursor: '' })}"${filters.tag === tag.name ? html` aria-current="page"` : ''}>${tag.name}</a> <span class="meta">${tag.count}</span></li>`,
    )}</ul></nav>`;
  const list =
    options.items.length === 0
      ? html`<p>No memories here yet. <a href="/memories/new">Write one.</a></p>`
      : html`<form method="post" action="/memories/bulk" aria-label="Change several memories">
${csrfField(options.csrf)}
<ul class="memories selectable">${options.items.map(
          (memory) =>
            html`<li><input type="checkbox" name="ids" value="${memory.id}" id="pick-${memory.id}" aria-label="Select: ${excerpt(memory.text)}">
<div><a href="/memories/${memory.id}">${excerpt(memory.text)}</a><div class="meta">${memoryMeta(memory, viewer)}</div></div></li>`,
        )}</ul>
<fieldset class="bulk"><legend>With the selected memories</legend>
<div class="row"><div><label for="bulk-action">Action</label><select id="bulk-action" name="action">
<option value="delete">Delete</option>
<option value="add-tag">Add a tag</option>
<option value="remove-tag">Remove a tag</option>
<option value="private">Make private</option>
<option value="public">Make public</option></select></div>
<div><label for="bulk-tag">Tag <span class="meta">(to add or remove)</span></label><input type="text" id="bulk-tag" name="tag" list="${TAG_SUGGESTIONS}" maxlength="50"></div>
<div><button type="submit" class="secondary">Review changes</button></div></div>
</fieldset>
</form>`;
  const next =
    options.nextCursor &&
    html`<p><a href="/memories?${query({ cursor: options.nextCursor })}">More memories</a></p>`;
  const selected = (value: string, current: string) => (value === current ? html` selected` : '');
  return html`${counts}
<p><a class="button" href="/memories/new">New memory</a></p>
${tags}
<form method="get" action="/memories" class="filters" role="search" aria-label="Filter memories">
<div><label for="scope">Whose</label><select id="scope" name="scope">${Object.entries(SCOPES).map(
    ([value, label]) =>
      html`<option value="${value}"${selected(value, filters.scope)}>${label}</option>`,
  )}</select></div>
<div><label for="permission">Permission</label><select id="permission" name="permission">
<option value="">Any</option>
<option value="private"${selected('private', filters.permission)}>Private</option>
<option value="public"${selected('public', filters.permission)}>Public</option>
<option value="shared"${selected('shared', filters.permission)}>Shared</option></select></div>
<div><label for="tag">Tag</label><input type="text" id="tag" name="tag" value="${filters.tag}" list="${TAG_SUGGESTIONS}"></div>
<div><label for="sort">Order</label><select id="sort" name="sort">${Object.entries(SORTS).map(
    ([value, label]) =>
      html`<option value="${value}"${selected(value, filters.sort)}>${label}</option>`,
  )}</select></div>
<div><button type="submit" class="secondary">Show</button></div>
</form>
${tagSuggestions(summary.tags)}
${list}${next}`;
}

export function memoryFormBody(options: {
  action: string;
  csrf: string;
  values: MemoryFormValues;
  errors: Record<string, string>;
  submit: string;
  tags: Summary['tags'];
}): SafeHtml {
  const { values, errors } = options;
  const error = (field: string) =>
    errors[field] && html`<p class="error" id="${field}-error">${errors[field]}</p>`;
  const described = (field: string) =>
    errors[field] && html` aria-describedby="${field}-error" aria-invalid="true"`;
  const checked = (yes: boolean) => (yes ? html` checked` : '');
  const count = Object.keys(errors).length;
  const summary =
    count > 0 &&
    html`<div class="error" role="alert"><p>${count === 1 ? 'One thing to fix' : `${count} things to fix`}:</p>
<ul>${Object.entries(errors).map(([field, message]) => (field === 'form' ? html`<li>${message}</li>` : html`<li><a href="#${field}">${message}</a></li>`))}</ul></div>`;
  return html`${summary}
<form method="post" action="${options.action}" novalidate>
${csrfField(options.csrf)}
<label for="text">Memory</label>
<textarea id="text" name="text" required maxlength="10000"${described('text')}>${values.text}</textarea>
${error('text')}
<fieldset><legend>Who can read it</legend>
<label><input type="radio" name="permission" value="private"${checked(values.permission === 'private')}> Only me</label>
<label><input type="radio" name="permission" value="shared"${checked(values.permission === 'shared')}> The people I share it with</label>
<label><input type="radio" name="permission" value="public"${checked(values.permission === 'public')}> Public</label>
</fieldset>
${error('permission')}
<label for="tags">Tags <span class="meta">(comma-separated)</span></label>
<input type="text" id="tags" name="tags" value="${values.tags}" list="${TAG_SUGGESTIONS}"${described('tags')}>
${error('tags')}
${tagSuggestions(options.tags)}
<label for="expires">Forget it on <span class="meta">(optional)</span></label>
<input type="date" id="expires" name="expires" value="${values.expires}"${described('expires')}>
${error('expires')}
<button type="submit">${options.submit}</button>
</form>`;
}

/** Which application wrote a memory, from the activity log. */
export interface MemoryOrigin {
  clientName: string;
  surface: string;
  at: string;
}

export function memoryDetailBody(options: {
  memory: Memory;
  /** The owner's view: controls, history and origin; absent for someone else's public memory. */
  owner?: {
    history: MemoryVersion[];
    origin: MemoryOrigin | undefined;
    /** Memories the just-saved one nearly repeats. */
    duplicates?: { id: string; text: string }[];
    /** Memories the just-saved one may contradict (the server's language model says why). */
    contradicts?: { id: string; text: string; reason: string }[];
    csrf: string;
    /** The share form. */
    sharing?: SafeHtml;
  };
  viewer: Viewer;
}): SafeHtml {
  const { memory, owner, viewer } = options;
  const successor =
    memory.supersededBy &&
    html`<p class="superseded">Replaced by <a href="/memories/${memory.supersededBy}">a newer memory</a>; this one is left out of search and persona answers.</p>`;
  const body = html`${successor}<p class="memory-text">${memory.text}</p>
<p class="meta">${memoryMeta(memory, viewer)} · version ${memory.version}${memory.embeddingPending && ' · not searchable yet'}</p>`;
  if (!owner) {
    return html`${body}
<p class="meta">${memory.permission === 'shared' ? 'Shared with you by its owner' : 'Someone else’s public memory'}: you can read it, not change or share it.</p>`;
  }
  /** Earlier memories the just-saved one may replace, each with the button that does it. */
  const replaceable = (
    id: string,
    heading: string,
    verb: string,
    others: { id: string; text: string; reason?: string }[],
  ) =>
    others.length > 0 &&
    html`<section class="duplicates" role="status" aria-labelledby="${id}">
<h2 id="${id}">${heading}</h2>
<p>This ${verb} ${others.length === 1 ? 'a memory' : 'memories'} you already have:</p>
<ul>${others.map(
      (other) => html`<li><a href="/memories/${other.id}">${other.text}</a>
${other.reason && html`<span class="meta">${other.reason}</span>`}
<form method="post" action="/memories/${memory.id}/supersede" class="inline">${csrfField(owner.csrf)}
<input type="hidden" name="old" value="${other.id}">
<button type="submit" class="secondary">This one replaces it</button></form></li>`,
    )}</ul>
</section>`;
  const possibleDuplicate = replaceable(
    'duplicate-heading',
    'Possible duplicate',
    'nearly repeats',
    owner.duplicates ?? [],
  );
  const possibleContradiction = replaceable(
    'contradiction-heading',
    'May contradict',
    'may contradict',
    owner.contradicts ?? [],
  );
  const versions =
    owner.history.length === 0
      ? html`<p>No earlier versions.</p>`
      : html`<ol class="memories" reversed>${owner.history.map(
          (version) => html`<li><p>${version.text}</p><div class="meta">version ${version.version} ·
 ${permissionLabel(version.permission)} · replaced ${when(version.replacedAt, viewer)} ${tagList(version.tags)}</div></li>`,
        )}</ol>`;
  const origin = owner.origin
    ? html`<p class="meta">Written through ${owner.origin.clientName} (${owner.origin.surface === 'mcp' ? 'MCP' : 'REST API'}) ${when(owner.origin.at, viewer)}. <a href="/activity?memory=${memory.id}">Everything done with it</a></p>`
    : html`<p class="meta"><a href="/activity?memory=${memory.id}">Everything done with it</a></p>`;
  return html`${possibleDuplicate}${possibleContradiction}${body}
${origin}
<p><a class="button" href="/memories/${memory.id}/edit">Edit</a>
<a class="button danger" href="/memories/${memory.id}/delete">Delete…</a></p>
${owner.sharing}
<h2>Edit history</h2>
${versions}`;
}

export function deleteConfirmBody(options: { memory: Memory; csrf: string }): SafeHtml {
  const { memory } = options;
  return html`<p>This memory will be gone for you and for every application, with its edit history. This cannot be undone.</p>
<blockquote class="memory-text">${memory.text}</blockquote>
<form method="post" action="/memories/${memory.id}/delete">${csrfField(options.csrf)}
<button type="submit" class="danger">Delete this memory</button>
<a class="button secondary" href="/memories/${memory.id}">Keep it</a></form>`;
}

export interface SearchFilters {
  permission: string;
  tag: string;
}

export function searchBody(options: {
  query: string;
  filters: SearchFilters;
  results: Hit[] | undefined;
  tags: Summary['tags'];
  viewer: Viewer;
}): SafeHtml {
  const { filters } = options;
  const selected = (value: string) => (filters.permission === value ? html` selected` : '');
  const results =
    options.results === undefined
      ? ''
      : options.results.length === 0
        ? html`<p>Nothing close enough to that.</p>`
        : html`<ol class="memories">${options.results.map(
            (
              hit,
            ) => html`<li${hit.match === 'weak' ? html` class="weak"` : ''}><a href="/memories/${hit.memory.id}">${hit.memory.text}</a>
<div class="meta">${hit.match === 'weak' ? html`<span class="match">Weak match</span> · ` : ''}similarity <span class="score">${hit.score === null ? '—' : hit.score.toFixed(2)}</span> · ${memoryMeta(hit.memory, options.viewer)}</div></li>`,
          )}</ol>`;
  return html`<form method="get" action="/search" role="search" class="filters">
<div class="wide"><label for="q">Find memories by meaning or by their words</label>
<input type="search" id="q" name="q" value="${options.query}" required></div>
<div><label for="permission">Permission</label><select id="permission" name="permission">
<option value="">Any</option>
<option value="private"${selected('private')}>Private</option>
<option value="public"${selected('public')}>Public</option></select></div>
<div><label for="tag">Tag</label><input type="text" id="tag" name="tag" value="${filters.tag}" list="${TAG_SUGGESTIONS}"></div>
<div><button type="submit">Search</button></div>
</form>
${tagSuggestions(options.tags)}
${results}`;
}

export function personaBody(options: {
  csrf: string;
  username: string;
  question: string;
  error?: string | undefined;
  result?: PersonaAnswer | undefined;
}): SafeHtml {
  const { result } = options;
  const writer = (mode: string) =>
    mode === 'extractive' ? 'from the memories themselves' : `by ${mode}`;
  const citations =
    result &&
    result.citations.length > 0 &&
    html`<h3>Memories cited</h3><ol class="memories citations">${result.citations.map(
      (hit) => html`<li><a href="/memories/${hit.memory.id}">${hit.quote}</a></li>`,
    )}</ol>`;
  const answer =
    result &&
    html`<section aria-labelledby="answer-heading"><h2 id="answer-heading">${result.username} answers</h2>
<blockquote class="answer">${answerWithLinks(result.answer)}</blockquote>
<p class="meta">Written ${writer(result.mode)} · confidence ${Math.round(result.confidence * 100)}%. <a href="/people/${encodeURIComponent(result.username)}">All of ${result.username}’s public memories</a></p>
${citations}</section>`;
  return html`<p>Ask a question as you would ask them; the answer comes from their public memories only (all of yours, if you ask yourself).</p>
${options.error && html`<p class="error" role="alert">${options.error}</p>`}
<form method="post" action="/persona" novalidate>
${csrfField(options.csrf)}
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${options.username}" required autocomplete="off">
<label for="question">Question</label>
<input type="text" id="question" name="question" value="${options.question}" required>
<button type="submit">Ask</button>
</form>
${answer}`;
}

/**
 * The persona's answer with its citation links ("[1](…/api/v1/memories/ID)",
 * Markdown) turned into links to this client's page for that memory; all
 * other text stays text.
 */
function answerWithLinks(answer: string): SafeHtml {
  const link = /\[(\d+)\]\(\S*?\/api\/v1\/memories\/([0-9a-f-]{36})\)/gi;
  const pieces: (string | SafeHtml)[] = [];
  let last = 0;
  for (const match of answer.matchAll(link)) {
    pieces.push(answer.slice(last, match.index));
    pieces.push(html`<a class="citation" href="/memories/${match[2]!}">[${match[1]!}]</a>`);
    last = match.index + match[0].length;
  }
  pieces.push(answer.slice(last));
  return html`${pieces}`;
}

export function profileBody(options: {
  user: { username: string; name: string | undefined; email: string | undefined };
  accountUrl: string;
  csrf: string;
  timeZone: string;
  timeZones: string[];
}): SafeHtml {
  const { user } = options;
  return html`<dl>
<dt>Username</dt><dd>${user.username}</dd>
<dt>Name</dt><dd>${user.name ?? '—'}</dd>
<dt>Email</dt><dd>${user.email ?? '—'}</dd>
</dl>
<p><a href="/people/${encodeURIComponent(user.username)}">Your public page</a> (what others can browse) ·
<a href="/activity">What your applications did</a></p>
<h2>Time zone</h2>
<form method="post" action="/profile/time-zone">
${csrfField(options.csrf)}
<label for="time-zone">Show times in</label>
<select id="time-zone" name="timeZone">${options.timeZones.map(
    (zone) => html`<option${zone === options.timeZone ? html` selected` : ''}>${zone}</option>`,
  )}</select>
<button type="submit" class="secondary">Save time zone</button>
</form>
<h2>Account and connected applications</h2>
<p>Your password, the applications connected to your memories (and what each may do), and deleting your account live on the Picard server:
<a href="${options.accountUrl}">manage your account and applications</a>. That page links back here.</p>
${downloadBody()}`;
}

export function messageBody(message: string, link: { href: string; label: string }): SafeHtml {
  return html`<p>${message}</p><p><a class="button" href="${link.href}">${link.label}</a></p>`;
}

import { html, type SafeHtml } from '@picard/kit/html.js';
import type { Hit, Memory, MemoryVersion } from '../api/picard-api.js';
import { downloadBody } from './transfer-pages.js';
import { csrfField } from './html.js';

/** Form values as the person typed them, kept when the API refuses them. */
export interface MemoryFormValues {
  text: string;
  permission: Memory['permission'];
  tags: string;
  expires: string;
}

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

function tagList(tags: string[]): SafeHtml {
  return html`${tags.map((tag) => html`<span class="tag">${tag}</span>`)}`;
}

function memoryMeta(memory: Memory): SafeHtml {
  return html`<span class="permission">${memory.permission === 'public' ? 'Public' : 'Private'}</span>
 · created ${date(memory.createdAt)}${memory.expiresAt && html` · expires ${date(memory.expiresAt)}`}
 ${tagList(memory.tags)}`;
}

export function landingBody(): SafeHtml {
  return html`<p>Picard keeps your memories — facts, preferences, notes — for you and for the AI assistants you allow.
Private memories are yours alone; public ones let others ask your persona.</p>
<p><a class="button" href="/login">Sign in</a> <a class="button secondary" href="/signup">Create account</a></p>`;
}

export function memoriesBody(options: {
  items: Memory[];
  nextCursor: string | null;
  filters: { permission?: string; tag?: string };
}): SafeHtml {
  const { permission = '', tag = '' } = options.filters;
  const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 137)}…` : text);
  const list =
    options.items.length === 0
      ? html`<p>No memories here yet. <a href="/memories/new">Write one.</a></p>`
      : html`<ul class="memories">${options.items.map(
          (memory) =>
            html`<li><a href="/memories/${memory.id}">${excerpt(memory.text)}</a><div class="meta">${memoryMeta(memory)}</div></li>`,
        )}</ul>`;
  const older = new URLSearchParams({
    ...(permission ? { permission } : {}),
    ...(tag ? { tag } : {}),
    cursor: options.nextCursor ?? '',
  });
  const next =
    options.nextCursor && html`<p><a href="/memories?${older.toString()}">Older memories</a></p>`;
  const selected = (value: string) => (permission === value ? html` selected` : '');
  return html`<form method="get" action="/memories" class="filters" role="search" aria-label="Filter memories">
<div><label for="permission">Permission</label><select id="permission" name="permission">
<option value="">Any</option>
<option value="private"${selected('private')}>Private</option>
<option value="public"${selected('public')}>Public</option></select></div>
<div><label for="tag">Tag</label><input type="text" id="tag" name="tag" value="${tag}"></div>
<div><button type="submit" class="secondary">Filter</button></div>
</form>
<p><a class="button" href="/memories/new">New memory</a></p>
${list}${next}`;
}

export function memoryFormBody(options: {
  action: string;
  csrf: string;
  values: MemoryFormValues;
  errors: Record<string, string>;
  submit: string;
}): SafeHtml {
  const { values, errors } = options;
  const error = (field: string) =>
    errors[field] && html`<p class="error" id="${field}-error">${errors[field]}</p>`;
  const described = (field: string) =>
    errors[field] && html` aria-describedby="${field}-error" aria-invalid="true"`;
  const checked = (yes: boolean) => (yes ? html` checked` : '');
  return html`${errors.form && html`<p class="error" role="alert">${errors.form}</p>`}
<form method="post" action="${options.action}" novalidate>
${csrfField(options.csrf)}
<label for="text">Memory</label>
<textarea id="text" name="text" required maxlength="10000"${described('text')}>${values.text}</textarea>
${error('text')}
<fieldset><legend>Who can read it</legend>
<label><input type="radio" name="permission" value="private"${checked(values.permission !== 'public')}> Only me</label>
<label><input type="radio" name="permission" value="public"${checked(values.permission === 'public')}> Public</label>
</fieldset>
${error('permission')}
<label for="tags">Tags <span class="meta">(comma-separated)</span></label>
<input type="text" id="tags" name="tags" value="${values.tags}"${described('tags')}>
${error('tags')}
<label for="expires">Forget it on <span class="meta">(optional)</span></label>
<input type="date" id="expires" name="expires" value="${values.expires}"${described('expires')}>
${error('expires')}
<button type="submit">${options.submit}</button>
</form>`;
}

export function memoryDetailBody(options: {
  memory: Memory;
  history: MemoryVersion[];
  csrf: string;
}): SafeHtml {
  const { memory, history } = options;
  const replaced = (version: MemoryVersion) => version.replacedAt.slice(0, 16).replace('T', ' ');
  const versions =
    history.length === 0
      ? html`<p>No earlier versions.</p>`
      : html`<ol class="memories" reversed>${history.map(
          (version) => html`<li><p>${version.text}</p><div class="meta">version ${version.version} ·
 ${version.permission} · replaced ${replaced(version)} ${tagList(version.tags)}</div></li>`,
        )}</ol>`;
  return html`<p class="memory-text">${memory.text}</p>
<p class="meta">${memoryMeta(memory)} · version ${memory.version}${memory.embeddingPending && ' · not searchable yet'}</p>
<p><a class="button" href="/memories/${memory.id}/edit">Edit</a></p>
<form method="post" action="/memories/${memory.id}/delete">${csrfField(options.csrf)}
<button type="submit" class="danger">Delete this memory</button></form>
<h2>Edit history</h2>
${versions}`;
}

export function searchBody(options: { query: string; results: Hit[] | undefined }): SafeHtml {
  const results =
    options.results === undefined
      ? ''
      : options.results.length === 0
        ? html`<p>Nothing close enough to that.</p>`
        : html`<ol class="memories">${options.results.map(
            (hit) => html`<li><a href="/memories/${hit.memory.id}">${hit.memory.text}</a>
<div class="meta">score <span class="score">${hit.score.toFixed(2)}</span> · ${memoryMeta(hit.memory)}</div></li>`,
          )}</ol>`;
  return html`<form method="get" action="/search" role="search">
<label for="q">Find memories by meaning</label>
<input type="search" id="q" name="q" value="${options.query}" required>
<button type="submit">Search</button>
</form>
${results}`;
}

export function personaBody(options: {
  csrf: string;
  username: string;
  question: string;
  me: string;
  error?: string | undefined;
  result?: { username: string; answer: string; mode: string; citations: Hit[] } | undefined;
}): SafeHtml {
  const { result } = options;
  const cited = (hit: Hit) =>
    hit.memory.ownerId === options.me
      ? html`<a href="/memories/${hit.memory.id}">${hit.memory.text}</a>`
      : hit.memory.text;
  const writer = (mode: string) =>
    mode === 'extractive' ? 'from the memories themselves' : `by ${mode}`;
  const citations =
    result &&
    result.citations.length > 0 &&
    html`<h3>Memories cited</h3><ul class="memories citations">${result.citations.map((hit) => html`<li>${cited(hit)}</li>`)}</ul>`;
  const answer =
    result &&
    html`<section aria-labelledby="answer-heading"><h2 id="answer-heading">${result.username} answers</h2>
<blockquote class="answer">${result.answer}</blockquote>
<p class="meta">Written ${writer(result.mode)}.</p>
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

export function profileBody(options: {
  user: { username: string; name: string | undefined; email: string | undefined };
  accountUrl: string;
}): SafeHtml {
  const { user } = options;
  return html`<dl>
<dt>Username</dt><dd>${user.username}</dd>
<dt>Name</dt><dd>${user.name ?? '—'}</dd>
<dt>Email</dt><dd>${user.email ?? '—'}</dd>
</dl>
<p>Your password, connected applications and account live on the Picard server:
<a href="${options.accountUrl}">manage your account</a>.</p>
${downloadBody()}`;
}

export function messageBody(message: string, link: { href: string; label: string }): SafeHtml {
  return html`<p>${message}</p><p><a class="button" href="${link.href}">${link.label}</a></p>`;
}

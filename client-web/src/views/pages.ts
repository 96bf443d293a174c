import type { Hit, Memory, MemoryVersion } from '../api/picard-api.js';
import { csrfField, escapeHtml } from './html.js';

/** Form values as the person typed them, kept when the API refuses them. */
export interface MemoryFormValues {
  text: string;
  permission: Memory['permission'];
  tags: string;
  expires: string;
}

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

function tagList(tags: string[]): string {
  return tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join('');
}

function memoryMeta(memory: Memory): string {
  return `<span class="permission">${memory.permission === 'public' ? 'Public' : 'Private'}</span>
 · created ${escapeHtml(date(memory.createdAt))}${memory.expiresAt ? ` · expires ${escapeHtml(date(memory.expiresAt))}` : ''}
 ${tagList(memory.tags)}`;
}

export function landingBody(): string {
  return `<p>Picard keeps your memories — facts, preferences, notes — for you and for the AI assistants you allow.
Private memories are yours alone; public ones let others ask your persona.</p>
<p><a class="button" href="/login">Sign in</a> <a class="button secondary" href="/signup">Create account</a></p>`;
}

export function memoriesBody(options: {
  items: Memory[];
  nextCursor: string | null;
  filters: { permission?: string; tag?: string };
}): string {
  const { permission = '', tag = '' } = options.filters;
  const list =
    options.items.length === 0
      ? '<p>No memories here yet. <a href="/memories/new">Write one.</a></p>'
      : `<ul class="memories">${options.items
          .map(
            (memory) =>
              `<li><a href="/memories/${escapeHtml(memory.id)}">${escapeHtml(
                memory.text.length > 140 ? `${memory.text.slice(0, 137)}…` : memory.text,
              )}</a><div class="meta">${memoryMeta(memory)}</div></li>`,
          )
          .join('')}</ul>`;
  const next = options.nextCursor
    ? `<p><a href="/memories?${new URLSearchParams({
        ...(permission ? { permission } : {}),
        ...(tag ? { tag } : {}),
        cursor: options.nextCursor,
      })}">Older memories</a></p>`
    : '';
  return `<form method="get" action="/memories" class="filters" role="search" aria-label="Filter memories">
<div><label for="permission">Permission</label><select id="permission" name="permission">
<option value="">Any</option>
<option value="private"${permission === 'private' ? ' selected' : ''}>Private</option>
<option value="public"${permission === 'public' ? ' selected' : ''}>Public</option></select></div>
<div><label for="tag">Tag</label><input type="text" id="tag" name="tag" value="${escapeHtml(tag)}"></div>
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
}): string {
  const { values, errors } = options;
  const error = (field: string) =>
    errors[field] ? `<p class="error" id="${field}-error">${escapeHtml(errors[field])}</p>` : '';
  const described = (field: string) =>
    errors[field] ? ` aria-describedby="${field}-error" aria-invalid="true"` : '';
  return `${errors.form ? `<p class="error" role="alert">${escapeHtml(errors.form)}</p>` : ''}
<form method="post" action="${escapeHtml(options.action)}" novalidate>
${csrfField(options.csrf)}
<label for="text">Memory</label>
<textarea id="text" name="text" required maxlength="10000"${described('text')}>${escapeHtml(values.text)}</textarea>
${error('text')}
<fieldset><legend>Who can read it</legend>
<label><input type="radio" name="permission" value="private"${values.permission !== 'public' ? ' checked' : ''}> Only me</label>
<label><input type="radio" name="permission" value="public"${values.permission === 'public' ? ' checked' : ''}> Public</label>
</fieldset>
${error('permission')}
<label for="tags">Tags <span class="meta">(comma-separated)</span></label>
<input type="text" id="tags" name="tags" value="${escapeHtml(values.tags)}"${described('tags')}>
${error('tags')}
<label for="expires">Forget it on <span class="meta">(optional)</span></label>
<input type="date" id="expires" name="expires" value="${escapeHtml(values.expires)}"${described('expires')}>
${error('expires')}
<button type="submit">${escapeHtml(options.submit)}</button>
</form>`;
}

export function memoryDetailBody(options: {
  memory: Memory;
  history: MemoryVersion[];
  csrf: string;
}): string {
  const { memory, history } = options;
  const versions =
    history.length === 0
      ? '<p>No earlier versions.</p>'
      : `<ol class="memories" reversed>${history
          .map(
            (
              version,
            ) => `<li><p>${escapeHtml(version.text)}</p><div class="meta">version ${version.version} ·
 ${escapeHtml(version.permission)} · replaced ${escapeHtml(version.replacedAt.slice(0, 16).replace('T', ' '))} ${tagList(version.tags)}</div></li>`,
          )
          .join('')}</ol>`;
  return `<p class="memory-text">${escapeHtml(memory.text)}</p>
<p class="meta">${memoryMeta(memory)} · version ${memory.version}${memory.embeddingPending ? ' · not searchable yet' : ''}</p>
<p><a class="button" href="/memories/${escapeHtml(memory.id)}/edit">Edit</a></p>
<form method="post" action="/memories/${escapeHtml(memory.id)}/delete">${csrfField(options.csrf)}
<button type="submit" class="danger">Delete this memory</button></form>
<h2>Edit history</h2>
${versions}`;
}

export function searchBody(options: { query: string; results: Hit[] | undefined }): string {
  const results =
    options.results === undefined
      ? ''
      : options.results.length === 0
        ? '<p>Nothing close enough to that.</p>'
        : `<ol class="memories">${options.results
            .map(
              (
                hit,
              ) => `<li><a href="/memories/${escapeHtml(hit.memory.id)}">${escapeHtml(hit.memory.text)}</a>
<div class="meta">score <span class="score">${hit.score.toFixed(2)}</span> · ${memoryMeta(hit.memory)}</div></li>`,
            )
            .join('')}</ol>`;
  return `<form method="get" action="/search" role="search">
<label for="q">Find memories by meaning</label>
<input type="search" id="q" name="q" value="${escapeHtml(options.query)}" required>
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
}): string {
  const { result } = options;
  const cited = (hit: Hit) =>
    hit.memory.ownerId === options.me
      ? `<a href="/memories/${escapeHtml(hit.memory.id)}">${escapeHtml(hit.memory.text)}</a>`
      : escapeHtml(hit.memory.text);
  const answer = result
    ? `<section aria-labelledby="answer-heading"><h2 id="answer-heading">${escapeHtml(result.username)} answers</h2>
<blockquote class="answer">${escapeHtml(result.answer)}</blockquote>
<p class="meta">Written ${result.mode === 'extractive' ? 'from the memories themselves' : `by ${escapeHtml(result.mode)}`}.</p>
${
  result.citations.length
    ? `<h3>Memories cited</h3><ul class="memories citations">${result.citations.map((hit) => `<li>${cited(hit)}</li>`).join('')}</ul>`
    : ''
}</section>`
    : '';
  return `<p>Ask a question as you would ask them; the answer comes from their public memories only (all of yours, if you ask yourself).</p>
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<form method="post" action="/persona" novalidate>
${csrfField(options.csrf)}
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${escapeHtml(options.username)}" required autocomplete="off">
<label for="question">Question</label>
<input type="text" id="question" name="question" value="${escapeHtml(options.question)}" required>
<button type="submit">Ask</button>
</form>
${answer}`;
}

export function profileBody(options: {
  user: { username: string; name: string | undefined; email: string | undefined };
  accountUrl: string;
}): string {
  const { user } = options;
  return `<dl>
<dt>Username</dt><dd>${escapeHtml(user.username)}</dd>
<dt>Name</dt><dd>${escapeHtml(user.name ?? '—')}</dd>
<dt>Email</dt><dd>${escapeHtml(user.email ?? '—')}</dd>
</dl>
<p>Your password, connected applications and account live on the Picard server:
<a href="${escapeHtml(options.accountUrl)}">manage your account</a>.</p>`;
}

export function messageBody(message: string, link: { href: string; label: string }): string {
  return `<p>${escapeHtml(message)}</p><p><a class="button" href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>`;
}

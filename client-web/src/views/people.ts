import { html, type SafeHtml } from '@picard/kit/html.js';
import type { Hit, Memory } from '../api/picard-api.js';
import { memoryMeta } from './pages.js';
import type { Viewer } from './time.js';

/** Finding a person's public page by username. */
export function peopleBody(options: { username: string; error?: string }): SafeHtml {
  return html`<p>Browse what someone has made public, or ask their persona.</p>
${options.error && html`<p class="error" role="alert">${options.error}</p>`}
<form method="get" action="/people" role="search">
<label for="username">Username</label>
<input type="text" id="username" name="username" value="${options.username}" required autocomplete="off">
<button type="submit">Show their public memories</button>
</form>`;
}

/** One person's public memories (all of them, for oneself): paged, searchable. */
export function personBody(options: {
  username: string;
  self: boolean;
  items: Memory[];
  nextCursor: string | null;
  query: string;
  results: Hit[] | undefined;
  viewer: Viewer;
}): SafeHtml {
  const { username, viewer } = options;
  const base = `/people/${encodeURIComponent(username)}`;
  const item = (memory: Memory) =>
    html`<li><a href="/memories/${memory.id}">${memory.text}</a><div class="meta">${memoryMeta(memory, viewer)}</div></li>`;
  const shown = options.results
    ? options.results.length === 0
      ? html`<p>None of ${username}’s public memories is close to that.</p>`
      : html`<ol class="memories">${options.results.map((hit) => item(hit.memory))}</ol>`
    : options.items.length === 0
      ? html`<p>${username} has no public memories.</p>`
      : html`<ul class="memories">${options.items.map(item)}</ul>`;
  const next =
    !options.results &&
    options.nextCursor &&
    html`<p><a href="${base}?cursor=${encodeURIComponent(options.nextCursor)}">More</a></p>`;
  return html`${options.self && html`<p class="meta">This is what others see of you: only your public memories.</p>`}
<form method="get" action="${base}" role="search">
<label for="q">Search ${username}’s public memories</label>
<input type="search" id="q" name="q" value="${options.query}" required>
<button type="submit" class="secondary">Search</button>
${options.results && html` <a href="${base}">Show all</a>`}
</form>
<p><a href="/persona?username=${encodeURIComponent(username)}">Ask ${username}’s persona a question</a></p>
${shown}${next}`;
}

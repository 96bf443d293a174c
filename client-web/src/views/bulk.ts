import { html, type SafeHtml } from '@picard/kit/html.js';
import type { Memory } from '../api/picard-api.js';
import { csrfField } from './html.js';

export const BULK_ACTIONS = {
  delete: 'Delete',
  'add-tag': 'Add the tag',
  'remove-tag': 'Remove the tag',
  private: 'Make private',
  public: 'Make public',
} as const;
export type BulkAction = keyof typeof BULK_ACTIONS;

/** Most memories one bulk change takes: a page of the list at its largest. */
export const MAX_BULK = 100;

/** The confirmation page: exactly which memories, and what will happen to them. */
export function bulkConfirmBody(options: {
  action: BulkAction;
  tag: string;
  memories: Memory[];
  csrf: string;
}): SafeHtml {
  const { action, tag, memories } = options;
  const what = `${BULK_ACTIONS[action]}${action.endsWith('-tag') ? ` “${tag}”` : ''}`;
  const n = memories.length;
  return html`<p>${what} — ${n} ${n === 1 ? 'memory' : 'memories'}:</p>
<ul class="memories">${memories.map((memory) => html`<li>${memory.text}</li>`)}</ul>
${action === 'delete' && html`<p class="error">Deleted memories are gone for you and every application, with their history. This cannot be undone.</p>`}
<form method="post" action="/memories/bulk/apply">
${csrfField(options.csrf)}
<input type="hidden" name="action" value="${action}">
<input type="hidden" name="tag" value="${tag}">
${memories.map((memory) => html`<input type="hidden" name="ids" value="${memory.id}">`)}
<button type="submit"${action === 'delete' ? html` class="danger"` : ''}>${what}: ${n} ${n === 1 ? 'memory' : 'memories'}</button>
<a class="button secondary" href="/memories">Cancel</a>
</form>`;
}

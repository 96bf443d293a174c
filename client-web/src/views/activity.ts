import { html, type SafeHtml } from '@picard/kit/html.js';
import type { AuditEntry } from '../api/picard-api.js';
import { when } from './pages.js';
import type { Viewer } from './time.js';

/** Each kind of recorded operation: its name in the filter, and what it did, in words. */
export const ACTIONS: Record<AuditEntry['action'], { label: string; did: string }> = {
  'memory.create': { label: 'Created', did: 'created' },
  'memory.read': { label: 'Read', did: 'read' },
  'memory.list': { label: 'Listed', did: 'listed' },
  'memory.update': { label: 'Edited', did: 'edited' },
  'memory.permission': { label: 'Changed who can read', did: 'changed who can read' },
  'memory.delete': { label: 'Deleted', did: 'deleted' },
  'memory.history': { label: 'Read edit history', did: 'read the edit history of' },
  'memory.search': { label: 'Searched', did: 'searched, finding' },
  'persona.query': { label: 'Asked a persona', did: 'asked the persona of' },
  'memory.share': { label: 'Changed sharing', did: 'changed who shares' },
  'group.change': { label: 'Changed a group', did: 'changed a group' },
  'memory.export': { label: 'Exported', did: 'exported' },
  'memory.import': { label: 'Imported', did: 'imported' },
};

/** Operations over many memories: shown as a count, not a list of links. */
const COUNTED = new Set<AuditEntry['action']>([
  'memory.list',
  'memory.search',
  'memory.export',
  'memory.import',
]);

const OUTCOME_WORDS: Record<AuditEntry['outcome'], string> = {
  success: '',
  not_found: 'refused: not found',
  invalid_input: 'refused: invalid input',
  conflict: 'refused: changed at the same time',
  insufficient_scope: 'refused: not allowed to this application',
  error: 'failed',
};

export interface ActivityFilters {
  app: string;
  action: string;
  memory: string;
}

/**
 * The activity page: what each application did with the person's memories,
 * newest first, filterable by application and kind of operation.
 */
export function activityBody(options: {
  items: AuditEntry[];
  nextCursor: string | null;
  filters: ActivityFilters;
  apps: { id: string; name: string }[];
  viewer: Viewer;
}): SafeHtml {
  const { filters, viewer } = options;
  const selected = (value: string, current: string) => (value === current ? html` selected` : '');
  const memories = (entry: AuditEntry) => {
    const links = entry.memoryIds
      .slice(0, 5)
      .map(
        (id, index) =>
          html`${index > 0 ? ', ' : ''}<a href="/memories/${id}">memory ${index + 1}</a>`,
      );
    const more = entry.memoryIds.length > 5 && html` and ${entry.memoryIds.length - 5} more`;
    if (entry.action === 'persona.query') {
      return html`${entry.targetUsername ?? 'someone'}${entry.memoryIds.length > 0 && html`, citing `}${links}${more}`;
    }
    if (COUNTED.has(entry.action)) {
      return html`${entry.memoryIds.length} ${entry.memoryIds.length === 1 ? 'memory' : 'memories'}`;
    }
    return html`${links}${more}`;
  };
  const rows = options.items.map(
    (entry) => html`<tr>
<td>${when(entry.at, viewer)}</td>
<td>${entry.clientName} <span class="meta">(${entry.surface === 'mcp' ? 'MCP' : 'REST'})</span></td>
<td>${ACTIONS[entry.action].did} ${memories(entry)}${entry.outcome !== 'success' && html` <span class="error">(${OUTCOME_WORDS[entry.outcome]})</span>`}</td>
</tr>`,
  );
  const table =
    options.items.length === 0
      ? html`<p>Nothing recorded${filters.app || filters.action || filters.memory ? ' for these filters' : ' yet'}.</p>`
      : html`<table class="activity"><caption>Newest first</caption>
<thead><tr><th scope="col">When</th><th scope="col">Application</th><th scope="col">What it did</th></tr></thead>
<tbody>${rows}</tbody></table>`;
  const next =
    options.nextCursor &&
    html`<p><a href="/activity?${new URLSearchParams({ ...filters, cursor: options.nextCursor }).toString()}">Older activity</a></p>`;
  return html`<p>Every time an application read, searched or changed your memories for you, through the REST API or MCP. Texts are never recorded.</p>
<form method="get" action="/activity" class="filters" aria-label="Filter activity">
<div><label for="app">Application</label><select id="app" name="app">
<option value="">All applications</option>
${options.apps.map((app) => html`<option value="${app.id}"${selected(app.id, filters.app)}>${app.name}</option>`)}</select></div>
<div><label for="action">Action</label><select id="action" name="action">
<option value="">Everything</option>
${Object.entries(ACTIONS).map(([value, { label }]) => html`<option value="${value}"${selected(value, filters.action)}>${label}</option>`)}</select></div>
${filters.memory && html`<input type="hidden" name="memory" value="${filters.memory}">`}
<div><button type="submit" class="secondary">Show</button></div>
</form>
${filters.memory && html`<p>Only what was done with <a href="/memories/${filters.memory}">one memory</a>. <a href="/activity">Show everything</a></p>`}
${table}${next}`;
}

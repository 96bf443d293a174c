import { html, type SafeHtml } from '@picard/kit/html.js';
import type { ImportReport, ImportStatus } from '../api/picard-api.js';
import { csrfField } from './html.js';

/** The formats an import understands, as the API names them, with what people call them. */
export const IMPORT_FORMAT_CHOICES = [
  ['', 'Recognise it from the file'],
  ['picard', 'Picard export (.jsonl)'],
  ['mcp-memory', 'MCP memory server (memory.jsonl)'],
  ['mem0', 'mem0 export (JSON)'],
  ['text', 'Plain text or Markdown (a memory per paragraph or list item)'],
] as const;

/** The profile page's downloads: plain links, the browser saves what they answer. */
export function downloadBody(): SafeHtml {
  return html`<h2>Your data</h2>
<p>Download every memory you have, private ones included, with its history.</p>
<p><a class="button" href="/profile/export?format=jsonl" download>Download your memories</a>
<a class="button secondary" href="/profile/export?format=markdown" download>Download as Markdown</a></p>
<p class="meta">The first is a Picard export that can be imported again, here or on another Picard server; the second is one readable document.
<a href="/import">Import memories</a> from Picard, the MCP memory server, mem0 or plain text.</p>`;
}

export function importFormBody(options: {
  csrf: string;
  error?: string | undefined;
  format?: string | undefined;
}): SafeHtml {
  const selected = (value: string) => (value === (options.format ?? '') ? html` selected` : '');
  return html`${options.error && html`<p class="error" role="alert">${options.error}</p>`}
<p>Bring memories in from a file. You will see what it holds before anything is imported.
Imported memories are private unless you say otherwise; importing the same file twice adds nothing.</p>
<form method="post" action="/import" enctype="multipart/form-data">
${csrfField(options.csrf)}
<label for="file">File to import <span class="meta">(at most 16 MiB)</span></label>
<input type="file" id="file" name="file" required>
<label for="format">What kind of file</label>
<select id="format" name="format">
${IMPORT_FORMAT_CHOICES.map(([value, label]) => html`<option value="${value}"${selected(value)}>${label}</option>`)}
</select>
<fieldset><legend>Options</legend>
<label><input type="checkbox" name="allowPublic" value="true"> Keep memories public where the file says so</label>
<label><input type="checkbox" name="skipInvalid" value="true"> Skip lines that cannot be imported</label>
</fieldset>
<button type="submit">Preview</button>
</form>`;
}

export function importPreviewBody(options: {
  csrf: string;
  filename: string;
  report: ImportReport;
  skipInvalid: boolean;
  error?: string | undefined;
}): SafeHtml {
  const { report } = options;
  const blocked = report.problemCount > 0 && !options.skipInvalid;
  const more = (shown: number, total: number) =>
    total > shown && html`<p class="meta">…and ${total - shown} more.</p>`;
  return html`${options.error && html`<p class="error" role="alert">${options.error}</p>`}
<p><strong>${options.filename}</strong> (${report.format}): <strong>${report.imported}</strong> ${report.imported === 1 ? 'memory' : 'memories'} to import,
${report.skippedCount} skipped, ${report.problemCount} with problems.</p>
${report.madePrivate > 0 && html`<p>${report.madePrivate} marked public in the file will be private.</p>`}
${
  report.problemCount > 0 &&
  html`<h2>Problems</h2>
<ul class="problems">${report.problems.map((problem) => html`<li>Line ${problem.line}: ${problem.message}</li>`)}</ul>
${more(report.problems.length, report.problemCount)}
${blocked && html`<p class="error">Nothing will be imported while the file has problems: fix them, or start again and choose to skip such lines.</p>`}`
}
${
  report.skippedCount > 0 &&
  html`<h2>Skipped</h2>
<ul>${report.skipped.map((skipped) => html`<li>Line ${skipped.line}: ${skipped.reason}</li>`)}</ul>
${more(report.skipped.length, report.skippedCount)}`
}
${
  report.preview.length > 0 &&
  html`<h2>First memories</h2>
<table><thead><tr><th>Line</th><th>Memory</th><th>Tags</th><th>Who can read it</th></tr></thead>
<tbody>${report.preview.map(
    (memory) =>
      html`<tr><td>${memory.line}</td><td>${memory.text}</td><td>${memory.tags.join(', ')}</td><td>${memory.permission === 'public' ? 'Public' : 'Only me'}</td></tr>`,
  )}</tbody></table>
${more(report.preview.length, report.imported)}`
}
${
  !blocked && report.imported > 0
    ? html`<form method="post" action="/import/confirm" class="inline">${csrfField(options.csrf)}<button type="submit">Import ${report.imported} ${report.imported === 1 ? 'memory' : 'memories'}</button></form>`
    : ''
}
<form method="post" action="/import/cancel" class="inline">${csrfField(options.csrf)}<button type="submit" class="secondary">${blocked || report.imported === 0 ? 'Start again' : 'Cancel'}</button></form>`;
}

export function importProgressBody(status: ImportStatus): SafeHtml {
  const total = status.embedded + status.pending;
  return html`<p>${status.imported} ${status.imported === 1 ? 'memory was' : 'memories were'} imported (${status.format}).</p>
<label for="progress">Made searchable</label>
<progress id="progress" max="${total}" value="${status.embedded}">${status.embedded} of ${total}</progress>
<p role="status">${
    status.status === 'done'
      ? 'Done: every imported memory can be found by search.'
      : html`${status.embedded} of ${total} searchable so far. This page updates itself.`
  }</p>
<p><a href="/memories">Your memories</a></p>`;
}

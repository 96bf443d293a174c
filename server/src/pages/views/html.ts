import { html, pageFrame, type SafeHtml } from '@picard/kit/html.js';

export { html, trusted, type SafeHtml } from '@picard/kit/html.js';

/** One small stylesheet for every page of the authorization server. */
export const STYLESHEET = `
:root { color-scheme: light dark; --accent: #2b59c3; --error: #b3261e; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; padding: 2rem 1rem; }
main { max-width: 26rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-top: 1rem; }
input { width: 100%; padding: .6rem; font: inherit; border: 1px solid #888; border-radius: 6px; }
input:focus, button:focus, a:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
button { margin-top: 1.25rem; padding: .6rem 1.2rem; font: inherit; border-radius: 6px; border: 0;
  background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: transparent; color: inherit; border: 1px solid #888; }
button.danger { background: var(--error); color: #fff; }
section.danger { border: 2px solid var(--error); border-radius: 6px; padding: 0 1rem 1rem; margin-top: 1.5rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0 0 .5rem; }
.error { color: var(--error); font-weight: 600; }
.field-error { color: var(--error); margin: .25rem 0 0; }
.hint { color: #666; font-size: .9rem; margin: .25rem 0 0; }
ul.scopes { padding-left: 1.2rem; }
.actions { display: flex; gap: .75rem; flex-wrap: wrap; }
main:has(.admin) { max-width: 72rem; }
.admin nav { display: flex; gap: 1rem; margin-bottom: 1rem; }
.admin table { border-collapse: collapse; width: 100%; font-size: .9rem; }
.admin th, .admin td { text-align: left; padding: .4rem; border-bottom: 1px solid #8884; vertical-align: top; }
.admin td form { display: inline; }
.admin td button { margin: 0 .25rem .25rem 0; padding: .25rem .6rem; font-size: .85rem; }
.admin .search { display: flex; gap: .5rem; align-items: end; }
.admin .search button { margin: 0; }
.admin .once { word-break: break-all; padding: .5rem; border: 2px solid var(--accent); }
`;

export interface PageOptions {
  title: string;
  /** Built with `html`, so every value in it was escaped. */
  body: SafeHtml;
}

/** The frame both apps share (the kit's), with this server's stylesheet. */
export function page({ title, body }: PageOptions): string {
  return pageFrame({ title, siteName: 'Picard', stylesheet: '/assets/picard.css', body });
}

/** A labelled input with its error (announced via aria-describedby). */
export function field(options: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  error?: string;
  hint?: string;
  autocomplete?: string;
  autofocus?: boolean;
}): SafeHtml {
  const id = `field-${options.name}`;
  const described = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<label for="${id}">${options.label}</label>
<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" required
  value="${options.value ?? ''}"${options.autocomplete && html` autocomplete="${options.autocomplete}"`}${
    options.autofocus && html` autofocus`
  }${described && html` aria-describedby="${described}"`}${options.error && html` aria-invalid="true"`}>
${options.hint && html`<p class="hint" id="${id}-hint">${options.hint}</p>`}
${options.error && html`<p class="field-error" id="${id}-error">${options.error}</p>`}`;
}

export function csrfInput(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

import { html, pageFrame, type SafeHtml } from '@picard/kit/html.js';

export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

export interface LayoutOptions {
  title: string;
  body: SafeHtml;
  user?: { username: string } | undefined;
  csrf?: string | undefined;
  notice?: string | undefined;
  /** Reload after this many seconds (a page following work in progress). */
  refreshSeconds?: number | undefined;
}

/**
 * Every page: a skip link, the navigation (for signed-in users), one
 * stylesheet, no scripts. Usable without JavaScript.
 */
export function layout({ title, body, user, csrf, notice, refreshSeconds }: LayoutOptions): string {
  const nav =
    user &&
    html`<nav aria-label="Main"><ul>
  <li><a href="/memories">Memories</a></li>
  <li><a href="/memories/new">New memory</a></li>
  <li><a href="/search">Search</a></li>
  <li><a href="/persona">Ask a persona</a></li>
  <li><a href="/people">People</a></li>
  <li><a href="/groups">Groups</a></li>
  <li><a href="/activity">Activity</a></li>
  <li><a href="/import">Import</a></li>
  <li><a href="/profile">${user.username}</a></li>
  <li><form method="post" action="/logout">${csrfField(csrf ?? '')}<button type="submit" class="link">Sign out</button></form></li>
</ul></nav>`;
  return pageFrame({
    title,
    siteName: 'Picard',
    stylesheet: '/assets/app.css',
    refreshSeconds,
    header: html`<a class="skip" href="#main">Skip to content</a>
<header><a class="brand" href="/">Picard</a>${nav}</header>`,
    body: html`${notice && html`<p class="notice" role="status">${notice}</p>`}
<h1>${title}</h1>
${body}`,
  });
}

export const STYLESHEET = `
:root { --fg: #1b1f24; --muted: #57606a; --accent: #0b5cad; --bg: #fff; --line: #d0d7de; --error: #b42318; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
header nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; align-items: center; }
.brand { font-weight: 700; font-size: 1.2rem; text-decoration: none; color: var(--fg); }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
a { color: var(--accent); }
a:focus, button:focus, input:focus, textarea:focus, select:focus { outline: 3px solid #f5a623; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: var(--bg); padding: .25rem .5rem; }
label { display: block; font-weight: 600; margin-top: .75rem; }
input[type=text], input[type=search], input[type=date], textarea, select { width: 100%; padding: .5rem; font: inherit; border: 1px solid var(--line); border-radius: 4px; }
textarea { min-height: 7rem; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin-top: .75rem; }
fieldset label { display: inline; font-weight: 400; margin-right: 1rem; }
button, .button { display: inline-block; margin-top: 1rem; padding: .5rem 1rem; font: inherit; color: #fff; background: var(--accent); border: 0; border-radius: 4px; text-decoration: none; cursor: pointer; }
button.secondary, .button.secondary { color: var(--accent); background: transparent; border: 1px solid var(--accent); }
button.danger, .button.danger { background: var(--error); }
button.link { margin: 0; padding: 0; color: var(--accent); background: none; text-decoration: underline; }
.error { color: var(--error); }
.notice { padding: .5rem .75rem; border-left: 4px solid var(--accent); background: #eef5fc; }
.memories { list-style: none; padding: 0; }
.memories li { padding: .75rem 0; border-bottom: 1px solid var(--line); }
.meta { color: var(--muted); font-size: .9rem; }
.weak { border-left: 3px dashed var(--line); padding-left: .75rem; }
.match { font-weight: 600; }
.duplicates, .superseded { padding: .5rem .75rem; border-left: 4px solid #c88a00; background: #fdf6e3; }
.tag { display: inline-block; padding: 0 .4rem; margin-right: .25rem; border: 1px solid var(--line); border-radius: 999px; font-size: .85rem; }
.filters, .bulk .row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; }
.filters > div, .bulk .row > div { flex: 1 1 10rem; }
.filters > div.wide { flex: 3 1 16rem; }
.filters label, .bulk label { margin-top: 0; }
.filters input, .filters select, .bulk input, .bulk select { height: 2.5rem; }
.filters button, .bulk button { margin-top: 0; height: 2.5rem; }
.selectable li { display: flex; gap: .75rem; align-items: flex-start; }
.selectable input[type=checkbox] { margin-top: .35rem; width: 1.1rem; height: 1.1rem; }
.tags ul { display: flex; flex-wrap: wrap; gap: .25rem .75rem; list-style: none; padding: 0; }
.tags a[aria-current] { font-weight: 700; }
.counts { font-weight: 600; }
table.activity { width: 100%; border-collapse: collapse; }
table.activity caption { text-align: left; color: var(--muted); }
table.activity th, table.activity td { text-align: left; padding: .4rem .5rem .4rem 0; border-bottom: 1px solid var(--line); vertical-align: top; }
blockquote.memory-text, blockquote.answer { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid var(--line); }
form.inline { display: inline; }
progress { width: 100%; height: 1.25rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
@media (max-width: 30rem) { header { flex-direction: column; align-items: flex-start; } }
`;

/**
 * HTML that escapes what it is given. `html\`…\`` escapes every interpolated
 * value unless it is already {@link SafeHtml} (the result of another `html`
 * template, or markup marked {@link trusted} on purpose), so a page cannot
 * forget to escape a value: forgetting means escaping.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/** Markup that is safe to put in a page as it is. */
export class SafeHtml {
  constructor(readonly markup: string) {}

  toString(): string {
    return this.markup;
  }
}

/** What a template accepts: text (escaped), markup, numbers, lists of these, or nothing. */
export type HtmlValue =
  SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  // `cond && html\`…\`` leaves false when the condition fails: render nothing.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** The tagged template: literal parts are markup, interpolated values are escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0]!;
  values.forEach((value, index) => {
    markup += render(value) + strings[index + 1]!;
  });
  return new SafeHtml(markup);
}

/** Marks markup written in code (never input) as safe, e.g. a stylesheet. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export interface PageFrameOptions {
  /** The page's own title; the site name is added after it. */
  title: string;
  siteName: string;
  stylesheet: string;
  /** Above the main landmark (a site header, a skip link). */
  header?: SafeHtml;
  body: SafeHtml;
  /**
   * Reload the page after this many seconds (`<meta http-equiv="refresh">`):
   * how a page without scripts follows work in progress.
   */
  refreshSeconds?: number | undefined;
}

/**
 * The frame every page of both apps shares: language, viewport, one
 * stylesheet, no scripts, one main landmark with the page's heading.
 */
export function pageFrame({
  title,
  siteName,
  stylesheet,
  header,
  body,
  refreshSeconds,
}: PageFrameOptions): string {
  const fullTitle = title === siteName ? title : `${title} · ${siteName}`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<link rel="stylesheet" href="${stylesheet}">
${refreshSeconds === undefined ? '' : html`<meta http-equiv="refresh" content="${String(refreshSeconds)}">`}
</head>
<body>
${header}
<main id="main">
${body}
</main>
</body>
</html>`.markup;
}

import { describe, expect, it } from '@jest/globals';
import { escapeHtml, html, pageFrame, trusted } from '../src/html.js';

describe('html: values are escaped unless they are markup already', () => {
  it('escapes every interpolated string, in content and in attributes', () => {
    const name = `<script>alert("x")</script> & 'quotes'`;
    expect(html`<p title="${name}">${name}</p>`.markup).toBe(
      `<p title="${escapeHtml(name)}">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>`,
    );
  });

  it('nests templates and lists without escaping them twice, and renders nothing for false or null', () => {
    const items = ['<a>', 'b'].map((item) => html`<li>${item}</li>`);
    const markup = html`<ul>${items}</ul>${false}${null}${undefined}${0}`.markup;
    expect(markup).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    expect(html`${trusted('<b>code</b>')}`.markup).toBe('<b>code</b>');
  });

  it('frames a page with an escaped title, and does not repeat the site name', () => {
    const frame = (title: string) =>
      pageFrame({ title, siteName: 'Picard', stylesheet: '/a.css', body: html`<h1>x</h1>` });
    expect(frame('<Home>')).toContain('<title>&lt;Home&gt; · Picard</title>');
    expect(frame('<Home>')).toContain('<main id="main">\n<h1>x</h1>\n</main>');
    expect(frame('<Home>')).not.toContain('<script');
    expect(frame('Picard')).toContain('<title>Picard</title>');
  });
});

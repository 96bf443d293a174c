/**
 * A minimal browser for OAuth tests: a cookie jar, form posts, and redirects
 * followed by hand so the test sees where each one goes.
 */
export interface Page {
  status: number;
  url: string;
  location?: string;
  body: string;
  headers: Headers;
}

export class Browser {
  private cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  private remember(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request, no redirect following. */
  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Page> {
    const absolute = new URL(url, this.origin).href;
    const response = await fetch(absolute, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    this.remember(response);
    const location = response.headers.get('location') ?? undefined;
    return {
      status: response.status,
      url: absolute,
      location: location ? new URL(location, absolute).href : undefined,
      body: await response.text(),
      headers: response.headers,
    };
  }

  /** Follows redirects while they stay on the server's origin; returns the last page. */
  async follow(url: string, init: { form?: Record<string, string> } = {}): Promise<Page> {
    let page = await this.request(url, init);
    while (
      page.location &&
      new URL(page.location).origin === this.origin &&
      [302, 303].includes(page.status)
    ) {
      page = await this.request(page.location);
    }
    return page;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /** A cookie's value, to copy it into another request. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

/** The hidden CSRF token of the page's form. */
export function csrfOf(body: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(body);
  if (!match) throw new Error(`no CSRF token in page:\n${body.slice(0, 500)}`);
  return match[1]!;
}

/** The form action path of the page's first form whose action ends with `suffix`. */
export function actionOf(body: string, suffix: string): string {
  const match = new RegExp(`action="([^"]*${suffix})"`).exec(body);
  if (!match) throw new Error(`no form posting to *${suffix} in page:\n${body.slice(0, 500)}`);
  return match[1]!;
}

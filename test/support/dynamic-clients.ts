import type { Browser, Page } from '../../scripts/lib/browser.js';
import { consent, register, signIn } from '../../scripts/lib/oauth.js';

/** POSTs client metadata to the registration endpoint (RFC 7591) as an MCP client does. */
export async function registerClient(
  issuer: string,
  metadata: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(metadata),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Someone signing in: a new account (registered on the way) or an existing one. */
export interface Person {
  username: string;
  password: string;
  /** Create the account on the sign-in page instead of signing in. */
  signUp?: boolean;
}

/**
 * Opens an authorization request the way a client's browser tab does (the
 * client builds the query), then acts as the person: signs up or in, and
 * allows the consent page. Returns the last page, whose `location` is the
 * redirect back to the client, and every page seen (to check what the
 * consent page said).
 */
export async function authorizeAsPerson(
  browser: Browser,
  query: Record<string, string>,
  person: Person,
): Promise<{ page: Page; pages: Page[] }> {
  const pages: Page[] = [];
  let page = await browser.follow(`/auth?${new URLSearchParams(query)}`);
  let signUp = person.signUp ?? false;
  for (let step = 0; step < 5 && page.status === 200; step += 1) {
    pages.push(page);
    if (page.body.includes('/consent"')) {
      page = await consent(browser, page, 'allow');
    } else if (signUp && page.body.includes('/login"')) {
      signUp = false;
      page = await register(browser, page, {
        username: person.username,
        email: `${person.username}@example.com`,
        password: person.password,
      });
    } else if (page.body.includes('/login"')) {
      page = await signIn(browser, page, person.username, person.password);
    } else {
      break;
    }
  }
  return { page, pages };
}

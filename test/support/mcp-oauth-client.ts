import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { Browser } from '../../scripts/lib/browser.js';
import { consent, register, signIn } from '../../scripts/lib/oauth.js';

/** Where the test client says it receives codes; nothing listens there, the browser stops before it. */
export const MCP_CLIENT_REDIRECT = 'http://127.0.0.1:9/mcp-callback';

/**
 * An MCP client's OAuth side, as a desktop client implements it, with the
 * person replaced by a cookie-jar browser: when the SDK sends the user to
 * the authorization endpoint, this signs in (or registers) and consents over
 * HTTP, and keeps the code for `finishAuth`.
 */
export class TestOAuthProvider implements OAuthClientProvider {
  private client?: OAuthClientInformationMixed;
  private storedTokens?: OAuthTokens;
  private verifier?: string;
  /** The code from the last authorization, for `transport.finishAuth`. */
  code?: string;
  /** Every authorization URL the SDK opened. */
  readonly authorizations: URL[] = [];
  readonly browser: Browser;

  constructor(
    private readonly issuer: string,
    private readonly person: { username: string; password: string; register?: boolean },
    private readonly options: { grantTypes?: string[]; consent?: 'allow' | 'deny' } = {},
  ) {
    this.browser = new Browser(issuer);
  }

  get redirectUrl() {
    return MCP_CLIENT_REDIRECT;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Test MCP client',
      redirect_uris: [MCP_CLIENT_REDIRECT],
      grant_types: this.options.grantTypes ?? ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.client = info;
  }
  tokens() {
    return this.storedTokens;
  }
  saveTokens(tokens: OAuthTokens) {
    this.storedTokens = tokens;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    if (!this.verifier) throw new Error('no code verifier saved');
    return this.verifier;
  }

  async redirectToAuthorization(url: URL) {
    this.authorizations.push(url);
    let page = await this.browser.follow(`${url.pathname}${url.search}`);
    for (let step = 0; step < 5 && !page.location?.startsWith(MCP_CLIENT_REDIRECT); step += 1) {
      if (page.body.includes('/consent"')) {
        page = await consent(this.browser, page, this.options.consent ?? 'allow');
      } else if (this.person.register) {
        this.person.register = false;
        page = await register(this.browser, page, {
          username: this.person.username,
          email: `${this.person.username}@example.com`,
          password: this.person.password,
        });
      } else if (page.body.includes('/login"')) {
        page = await signIn(this.browser, page, this.person.username, this.person.password);
      } else {
        throw new Error(`unexpected page ${page.status}:\n${page.body.slice(0, 400)}`);
      }
    }
    const params = new URL(page.location!).searchParams;
    if (!params.get('code')) throw new Error(`authorization failed: ${params}`);
    this.code = params.get('code')!;
  }
}

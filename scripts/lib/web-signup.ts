import { actionOf, Browser, csrfOf } from './browser.js';

/** The password every account made by {@link signUpThroughWebPages} gets. */
export const WEB_SIGNUP_PASSWORD = 'make it so, number one';

/**
 * A new account created through the web client over plain HTTP: the client's
 * "Create account" redirect, the server's registration and consent forms, and
 * the callback. Returns the client-side browser, signed in, and the server-side one.
 */
export async function signUpThroughWebPages(
  clientUrl: string,
  serverUrl: string,
  username: string,
) {
  const client = new Browser(clientUrl);
  const authServer = new Browser(serverUrl);
  const start = await client.request('/signup');
  const register = await authServer.follow(start.location!);
  const consentPage = await authServer.follow(actionOf(register.body, '/register'), {
    form: {
      _csrf: csrfOf(register.body),
      username,
      email: `${username}@example.com`,
      password: WEB_SIGNUP_PASSWORD,
    },
  });
  const callback = await authServer.follow(actionOf(consentPage.body, '/consent'), {
    form: { _csrf: csrfOf(consentPage.body), decision: 'allow' },
  });
  const dashboard = await client.follow(callback.location!);
  if (dashboard.status !== 200) {
    throw new Error(`sign-up ended on ${dashboard.status} ${dashboard.url}`);
  }
  return { client, authServer, password: WEB_SIGNUP_PASSWORD };
}

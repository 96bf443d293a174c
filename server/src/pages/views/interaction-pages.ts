import { MIN_PASSWORD_LENGTH } from '../../accounts/account-rules.js';
import { csrfInput, field, html, page, type SafeHtml } from './html.js';

export interface FormState {
  values?: Record<string, string>;
  errors?: Record<string, string>;
  /** A message about the whole form. */
  message?: string;
  /** Offer "Create an account" (SIGNUP is not closed). */
  signup?: boolean;
  /** Ask for an invitation code (SIGNUP=invite). */
  invite?: boolean;
}

const formMessage = (message?: string) =>
  message && html`<p class="error" role="alert">${message}</p>`;

export function loginPage(
  uid: string,
  csrf: string,
  clientName: string,
  state: FormState = {},
): string {
  return page({
    title: 'Sign in',
    body: html`<h1>Sign in to continue to ${clientName}</h1>
${formMessage(state.message)}
<form method="post" action="/interaction/${uid}/login" novalidate>
${csrfInput(csrf)}
${field({ name: 'username', label: 'Username or email', value: state.values?.username, autocomplete: 'username', autofocus: true })}
${field({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password' })}
<button type="submit">Sign in</button>
</form>
<p><a href="/account/forgot">Forgot your password?</a></p>
${state.signup !== false && html`<p>New here? <a href="/interaction/${uid}/register">Create an account</a></p>`}
<form method="post" action="/interaction/${uid}/abort">${csrfInput(csrf)}
<button type="submit" class="secondary">Cancel and go back</button></form>`,
  });
}

export function registerPage(
  uid: string,
  csrf: string,
  clientName: string,
  state: FormState = {},
): string {
  const e = state.errors ?? {};
  const v = state.values ?? {};
  return page({
    title: 'Create an account',
    body: html`<h1>Create your Picard account</h1>
<p>You will then continue to ${clientName}.</p>
${formMessage(state.message)}
<form method="post" action="/interaction/${uid}/register" novalidate>
${csrfInput(csrf)}
${state.invite && field({ name: 'invite', label: 'Invitation code', value: v.invite, error: e.invite, hint: 'Sign-ups here need an invitation from an administrator; the code is the end of the invitation link.' })}
${field({ name: 'username', label: 'Username', value: v.username, error: e.username, autocomplete: 'username', autofocus: true, hint: '3–32 characters: lowercase letters, digits, “-” and “_”. Others see it when they ask you questions.' })}
${field({ name: 'email', label: 'Email', type: 'email', value: v.email, error: e.email, autocomplete: 'email' })}
${field({ name: 'password', label: 'Password', type: 'password', error: e.password, autocomplete: 'new-password', hint: `At least ${MIN_PASSWORD_LENGTH} characters.` })}
<button type="submit">Create account</button>
</form>
<p>Already have an account? <a href="/interaction/${uid}">Sign in</a></p>`,
  });
}

export interface ConsentView {
  uid: string;
  csrf: string;
  clientName: string;
  /** Where the person is sent afterwards (see redirect-destination.ts). */
  redirectHost: string;
  /** The host of the client's metadata document, when its client_id is one. */
  clientIdHost?: string | undefined;
  scopes: { name: string; description: string }[];
  /** Said above the choice (e.g. a scope this account cannot grant). */
  warning?: string | undefined;
  /** The limit chosen before, if any. */
  limit?: { tags: string[]; readOnly: boolean } | undefined;
}

/**
 * Least privilege: the person may narrow what the application gets to some
 * tags and to reading, whatever it asked for. Changeable later on the account page.
 */
export function applicationLimitFields(options: {
  tags: string;
  readOnly: boolean;
  offerReadOnly: boolean;
}): SafeHtml {
  return html`<fieldset class="limits">
<legend>Limit what it can reach (optional)</legend>
<label for="field-limit_tags">Only memories tagged</label>
<input id="field-limit_tags" name="limit_tags" type="text" value="${options.tags}" aria-describedby="field-limit_tags-hint">
<p class="hint" id="field-limit_tags-hint">Tags separated by commas, for example “work”. It will not see, search or change other memories, and what it saves gets these tags. Leave empty for all your memories.</p>
${
  options.offerReadOnly &&
  html`<label class="checkbox"><input type="checkbox" name="read_only" value="yes"${options.readOnly && html` checked`}> Read only: it may not create, change or delete anything</label>`
}
</fieldset>`;
}

export function consentPage(view: ConsentView): string {
  return page({
    title: 'Allow access?',
    body: html`<h1>Allow ${view.clientName} to access your Picard account?</h1>
${view.warning && html`<p class="error" role="alert">${view.warning}</p>\n`}${view.clientIdHost && html`<p>This application is described by <strong>${view.clientIdHost}</strong>.</p>\n`}<p>After you decide, you will be sent back to <strong>${view.redirectHost}</strong>.</p>
<p>It asks to:</p>
<ul class="scopes">
${view.scopes.map((scope, i) => html`${i > 0 && '\n'}<li><strong>${scope.description}</strong> <span class="hint">(${scope.name})</span></li>`)}
</ul>
<p class="hint">You can disconnect it at any time from <a href="/account">your account page</a>.</p>
<form method="post" action="/interaction/${view.uid}/consent">
${csrfInput(view.csrf)}
${applicationLimitFields({ tags: view.limit?.tags.join(', ') ?? '', readOnly: view.limit?.readOnly ?? false, offerReadOnly: view.scopes.some((scope) => scope.name === 'memories:write') })}
<div class="actions">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</div>
</form>`,
  });
}

export function errorPage(title: string, message: string): string {
  return page({
    title,
    body: html`<h1>${title}</h1>
<p role="alert">${message}</p>
<p>Go back to the application you came from and start again.</p>`,
  });
}

/** SIGNUP=closed: what the registration page says instead of its form. */
export function signupClosedPage(): string {
  return page({
    title: 'Sign-ups are closed',
    body: html`<h1>Sign-ups are closed</h1>
<p role="alert">New accounts cannot be created on this Picard server. Ask its administrator for an account.</p>
<p>Already have an account? Go back to the application and sign in.</p>`,
  });
}

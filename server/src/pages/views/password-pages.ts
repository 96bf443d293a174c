import { html } from '@picard/kit/html.js';
import { MIN_PASSWORD_LENGTH } from '../../accounts/account-rules.js';
import { page } from './html.js';

export function forgotPasswordPage(view: { csrf: string; mail: boolean; sent?: boolean }): string {
  if (!view.mail) {
    return page({
      title: 'Forgot your password?',
      body: html`<h1>Forgot your password?</h1>
<p>This server does not send emails. Ask its administrator for a password reset link.</p>`,
    });
  }
  if (view.sent) {
    return page({
      title: 'Check your email',
      body: html`<h1>Check your email</h1>
<p role="status">If an account uses that address, a link to reset its password is on its way. It works once and expires soon.</p>`,
    });
  }
  return page({
    title: 'Forgot your password?',
    body: html`<h1>Forgot your password?</h1>
<p>Enter the email address of your account; we will send a link to choose a new password.</p>
<form method="post" action="/account/forgot" novalidate>
<input type="hidden" name="_csrf" value="${view.csrf}">
<label for="field-email">Email</label>
<input id="field-email" name="email" type="email" required autocomplete="email" autofocus>
<button type="submit">Send the link</button>
</form>`,
  });
}

export function resetPasswordPage(view: { token: string; csrf: string; error?: string }): string {
  return page({
    title: 'Choose a new password',
    body: html`<h1>Choose a new password</h1>
<p class="hint">Every application connected to your account will be disconnected.</p>
<form method="post" action="/account/reset/${view.token}" novalidate>
<input type="hidden" name="_csrf" value="${view.csrf}">
<label for="field-password">New password</label>
<input id="field-password" name="password" type="password" required autocomplete="new-password"
  aria-describedby="field-password-hint${view.error ? ' field-password-error' : ''}"${view.error ? html` aria-invalid="true"` : ''}>
<p class="hint" id="field-password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</p>
${view.error ? html`<p class="field-error" id="field-password-error">${view.error}</p>` : ''}
<button type="submit">Set the password</button>
</form>`,
  });
}

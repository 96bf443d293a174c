import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Browser, csrfOf } from '../../../scripts/lib/browser.js';
import { resourceUser } from '../../../scripts/lib/resource-users.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { startTestServer, type TestServer } from '../../../test/support/test-server.js';

const NEW_PASSWORD = 'engage at warp factor nine';

/** A real SMTP server (RFC 5321) that keeps what it receives. */
interface Mail {
  to: string[];
  text: string;
}
let smtp: SMTPServer;
let mails: Mail[] = [];
let waiting: ((mail: Mail) => void)[] = [];
const nextMail = () =>
  new Promise<Mail>((resolve) => {
    waiting.push(resolve);
  });

let test: TestDatabase;
let server: TestServer;
let noMail: TestServer;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 1_000,
    logger: false,
    onData(stream, session, callback) {
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => {
        const mail = { to: session.envelope.rcptTo.map((rcpt) => rcpt.address), text };
        mails.push(mail);
        for (const resolve of waiting) resolve(mail);
        waiting = [];
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  test = await createTestDatabase();
  server = await startTestServer(test.db, {
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'Picard <picard@example.com>',
  });
  noMail = await startTestServer(test.db, {}, { store: server.store });
});
afterAll(async () => {
  await server.close();
  await noMail.close();
  await server.store.embedder.close?.();
  await test.drop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function requestReset(email: string) {
  const browser = new Browser(server.url);
  const form = await browser.request('/account/forgot');
  expect(form.status).toBe(200);
  return browser.request('/account/forgot', { form: { _csrf: csrfOf(form.body), email } });
}

/** The reset link in a mail (quoted-printable may wrap long lines with "=\n"). */
const linkIn = (mail: Mail) =>
  /\/account\/reset\/([A-Za-z0-9_-]{43})/.exec(mail.text.replace(/=\r?\n/g, ''))![0];

describe('password reset by email', () => {
  it('answers the same whether or not the address has an account, and mails only the account', async () => {
    const person = await resourceUser(server, { prefix: 'beverly' });
    mails = [];
    const unknown = await requestReset('nobody-here@example.com');
    const delivered = nextMail();
    const known = await requestReset(`${person.username}@example.com`);
    expect(known.status).toBe(unknown.status);
    expect(known.body).toBe(unknown.body);
    expect(known.body).toContain('If an account uses that address');
    const mail = await delivered;
    expect(mail.to).toEqual([`${person.username}@example.com`]);
    expect(mails).toHaveLength(1);
    // Only the hash of the token is stored.
    const token = linkIn(mail).split('/').pop()!;
    const stored = await test.db.prisma.passwordReset.findMany();
    expect(stored.map((row) => row.tokenHash)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('a link sets a new password once, revokes every grant, and the old password stops working', async () => {
    const person = await resourceUser(server, { prefix: 'alyssa' });
    expect((await person.call('/api/v1/memories')).status).toBe(200);
    const delivered = nextMail();
    await requestReset(`${person.username}@example.com`);
    const link = linkIn(await delivered);

    const browser = new Browser(server.url);
    const form = await browser.request(link);
    expect(form.status).toBe(200);
    const weak = await browser.request(link, {
      form: { _csrf: csrfOf(form.body), password: 'short' },
    });
    expect(weak.status).toBe(400);
    // A refused password does not spend the link.
    const done = await browser.request(link, {
      form: { _csrf: csrfOf(weak.body), password: NEW_PASSWORD },
    });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Password changed');
    expect((await person.call('/api/v1/memories')).status).toBe(401);

    const again = await browser.request(link);
    expect(again.status).toBe(400);
    expect(await server.auth.accounts.authenticate(person.username, NEW_PASSWORD)).toBeDefined();
    expect(
      await server.auth.accounts.authenticate(person.username, 'make it so, number one'),
    ).toBeUndefined();
  });

  it('an expired link does not work', async () => {
    const person = await resourceUser(server, { prefix: 'ogawa' });
    const id = (await server.auth.accounts.resolve(person.username))!;
    const token = await server.auth.resets.issue(id);
    await test.db.prisma.passwordReset.updateMany({
      where: { userId: id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const browser = new Browser(server.url);
    expect((await browser.request(`/account/reset/${token}`)).status).toBe(400);
  });
});

describe('without SMTP', () => {
  it('says to ask an administrator, who can issue a link', async () => {
    const page = await new Browser(noMail.url).request('/account/forgot');
    expect(page.body).toContain('Ask its administrator for a password reset link');
    const person = await resourceUser(noMail, { prefix: 'miles' });
    const { resetUrl } = await noMail.auth.administration.issuePasswordReset(
      { username: 'operator', surface: 'cli' },
      person.username,
    );
    const browser = new Browser(noMail.url);
    const form = await browser.request(new URL(resetUrl).pathname);
    expect(form.status).toBe(200);
    const done = await browser.request(new URL(resetUrl).pathname, {
      form: { _csrf: csrfOf(form.body), password: NEW_PASSWORD },
    });
    expect(done.status).toBe(200);
    expect((await person.call('/api/v1/memories')).status).toBe(401);
  });
});

import nodemailer from 'nodemailer';

/** Sends the few emails Picard writes; only built when SMTP_URL is configured. */
export interface Mailer {
  sendPasswordReset(to: string, link: string, validMinutes: number): Promise<void>;
  close(): void;
}

/**
 * A mailer over SMTP with nodemailer (the SMTP URL carries host, port, TLS
 * and credentials: `smtps://user:pass@host:465`, or `smtp://host:587`, which
 * upgrades with STARTTLS when the server offers it).
 */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    async sendPasswordReset(to, link, validMinutes) {
      await transport.sendMail({
        from: options.from,
        to,
        subject: 'Reset your Picard password',
        text: [
          'Someone (hopefully you) asked to reset the password of your Picard account.',
          '',
          `Open this link within ${validMinutes} minutes to choose a new password:`,
          link,
          '',
          'It works once. Resetting disconnects every application connected to your account.',
          'If you did not ask for this, ignore this email: your password stays as it is.',
        ].join('\n'),
      });
    },
    close: () => transport.close(),
  };
}

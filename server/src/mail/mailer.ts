import nodemailer from 'nodemailer';

/** Sends the few emails Picard writes; only built when SMTP_URL is configured. */
export interface Mailer {
  sendPasswordReset(to: string, link: string, validMinutes: number): Promise<void>;
}

/**
 * A mailer over SMTP with nodemailer (the SMTP URL carries host, port, TLS
 * and credentials: `smtps://user:pass@host:465`, or `smtp://host:587`, which
 * upgrades with STARTTLS when the server offers it). Emails are rare, so each
 * one gets its own transport, closed once sent: nothing stays open between them.
 */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  return {
    async sendPasswordReset(to, link, validMinutes) {
      const transport = nodemailer.createTransport(options.smtpUrl);
      try {
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
      } finally {
        transport.close();
      }
    },
  };
}

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Where mail goes, for the log: an SMTP host, or the directory .eml files are written to. */
  readonly destination: string;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  /** smtp:// or smtps:// with user:password@; without one, mail is written as .eml files to mailDir. */
  smtpUrl: string | null;
  from: string;
  mailDir: string;
}

/** Mail out through nodemailer: to SMTP_URL, or (a fresh install without one) into DATA_DIR/mail/. */
export function createMailer({ smtpUrl, from, mailDir }: MailerOptions): Mailer {
  const options = (mail: OutgoingMail): Mail.Options => ({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    headers: mail.headers,
  });
  if (smtpUrl) {
    const transport = nodemailer.createTransport({
      url: smtpUrl,
      // A hung server must fail the attempt (it is retried), not hold the scheduler forever.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    });
    const url = new URL(smtpUrl);
    return {
      destination: `${url.protocol}//${url.host}`,
      async send(mail) {
        await transport.sendMail(options(mail));
      },
      close: () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    destination: mailDir,
    async send(mail) {
      const info = await transport.sendMail(options(mail));
      mkdirSync(mailDir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.messageId.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`;
      // Written whole under a temporary name first: a reader of the directory never sees half a mail.
      const tmp = join(mailDir, `.${name}.tmp`);
      writeFileSync(tmp, info.message as Buffer, { mode: 0o600 });
      renameSync(tmp, join(mailDir, name));
    },
    close: () => undefined,
  };
}

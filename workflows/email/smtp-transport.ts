import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { classifySendError } from './classify.ts';
import { buildMailOptions } from './mail-options.ts';
import { type SmtpTransportConfig, smtpTransportConfigSchema } from './smtp-config.ts';
import type { EmailMessage, EmailTransport, SendResult } from './types.ts';

/** Sends through one pooled nodemailer transporter: connections are reused across sends. */
export class SmtpEmailTransport implements EmailTransport {
  readonly #transporter: Transporter<SMTPPool.SentMessageInfo>;
  readonly #sendingDomain: string;

  constructor(config: SmtpTransportConfig) {
    const parsed = smtpTransportConfigSchema.parse(config);
    this.#sendingDomain = parsed.sendingDomain;
    const options: SMTPPool.Options = {
      pool: true,
      host: parsed.host,
      port: parsed.port,
      secure: parsed.secure,
      requireTLS: parsed.requireTLS,
      tls: {
        rejectUnauthorized: parsed.tls.rejectUnauthorized,
        minVersion: parsed.tls.minVersion,
        ...(parsed.tls.servername ? { servername: parsed.tls.servername } : {}),
      },
      maxConnections: parsed.pool.maxConnections,
      maxMessages: parsed.pool.maxMessages,
      rateDelta: parsed.pool.rateDelta,
      ...(parsed.pool.rateLimit ? { rateLimit: parsed.pool.rateLimit } : {}),
      connectionTimeout: parsed.connectionTimeoutMs,
      socketTimeout: parsed.socketTimeoutMs,
      // The secret is revealed only here, at the edge where nodemailer needs the plain value.
      ...(parsed.auth ? { auth: { user: parsed.auth.user, pass: parsed.auth.pass.reveal() } } : {}),
    };
    this.#transporter = nodemailer.createTransport(options);
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const options = buildMailOptions(message, this.#sendingDomain);
    try {
      const info = await this.#transporter.sendMail(options);
      return { status: 'sent', messageId: info.messageId, response: info.response };
    } catch (error) {
      return classifySendError(error);
    }
  }

  async close(): Promise<void> {
    this.#transporter.close();
  }
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type StreamTransport from 'nodemailer/lib/stream-transport/index.js';
import { buildMailOptions } from './mail-options.ts';
import type { EmailMessage, EmailTransport, SendResult } from './types.ts';

export interface DryRunTransportOptions {
  /** Folder that receives one `<message-id>.eml` per message. */
  outputDir: string;
  sendingDomain: string;
}

/**
 * Composes each message exactly as SMTP would and writes it to disk instead of sending, so a
 * dry run can be opened in any mail client. The file name comes from the Message-ID, so
 * replaying the same idempotency key overwrites rather than duplicates.
 */
export class DryRunEmailTransport implements EmailTransport {
  readonly #transporter: Transporter<StreamTransport.SentMessageInfo>;
  readonly #options: DryRunTransportOptions;

  constructor(options: DryRunTransportOptions) {
    this.#options = options;
    this.#transporter = nodemailer.createTransport({
      streamTransport: true,
      buffer: true,
      newline: 'windows',
    });
  }

  async send(message: EmailMessage): Promise<SendResult> {
    const options = buildMailOptions(message, this.#options.sendingDomain);
    const info = await this.#transporter.sendMail(options);
    const raw = info.message;
    if (!Buffer.isBuffer(raw)) throw new Error('nodemailer stream transport did not return a buffer');
    const fileName = `${info.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`;
    await mkdir(this.#options.outputDir, { recursive: true });
    const filePath = path.join(this.#options.outputDir, fileName);
    await writeFile(filePath, raw);
    return { status: 'sent', messageId: info.messageId, response: `written to ${filePath}` };
  }

  async close(): Promise<void> {
    this.#transporter.close();
  }
}

import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  readonly to: string;
  readonly messageId: string;
}

export interface SmtpPeer {
  readonly port: number;
  readonly delivered: Delivered[];
  /** Resolves when the first message to a `hang` recipient has been received and left unanswered. */
  readonly hung: Promise<void>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 that takes `delayMs` to accept each message (so several relays
 * overlap) and never answers the first message to a recipient starting with "hang": the sender
 * waits mid-DATA, which is where a relay is killed. Only accepted messages count as delivered.
 */
export async function startSmtpPeer(delayMs = 0): Promise<SmtpPeer> {
  const delivered: Delivered[] = [];
  let hangs = 0;
  let markHung = () => {};
  const hung = new Promise<void>((resolve) => {
    markHung = resolve;
  });
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        if (to.startsWith('hang') && hangs === 0) {
          hangs += 1;
          markHung();
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const messageId = /^message-id:\s*(\S+)/im.exec(raw)?.[1] ?? '';
        setTimeout(() => {
          delivered.push({ to, messageId });
          callback(null, 'queued');
        }, delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    delivered,
    hung,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

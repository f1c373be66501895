import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  authenticatedUsers: string[];
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP peer on 127.0.0.1: recipients starting with "bounce" get 550 and "busy" get 451
 * at RCPT TO; "spamtrap" passes RCPT TO but the message is refused with 554 after DATA.
 * When `password` is given, AUTH is required and checked against it.
 */
export async function startTestSmtpServer(password?: string): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const authenticatedUsers: string[] = [];
  const server = new SMTPServer({
    disabledCommands: password ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !password,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.password !== password) return callback(smtpError(535, 'Authentication failed'));
      authenticatedUsers.push(auth.username ?? '');
      return callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) return callback(smtpError(550, 'No such user here'));
      if (address.address.startsWith('busy')) return callback(smtpError(451, 'Try again later'));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (session.envelope.rcptTo.some((r) => r.address.startsWith('spamtrap'))) {
          return callback(smtpError(554, 'Message refused'));
        }
        const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({
          mailFrom,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null, 'Message queued as test');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    authenticatedUsers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

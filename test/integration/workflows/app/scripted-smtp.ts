import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  readonly to: string;
  readonly raw: string;
}

/**
 * A real SMTP server on loopback whose answer to RCPT TO can be scripted per address: a queue of
 * reply codes (451 = try later, 550 = no such user) used one per attempt, then 250.
 */
export async function startScriptedSmtp() {
  const delivered: Delivered[] = [];
  const script = new Map<string, number[]>();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = script.get(address.address.toLowerCase())?.shift();
      if (code === undefined) return callback();
      return callback(
        Object.assign(new Error(code >= 500 ? 'No such user here' : 'Try again later'), {
          responseCode: code,
        }),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        for (const rcpt of session.envelope.rcptTo)
          delivered.push({ to: rcpt.address.toLowerCase(), raw: Buffer.concat(chunks).toString('utf8') });
        callback(null, 'queued');
      });
    },
  });
  // A client killed mid-session resets its connection: that is the crash test doing its job.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    delivered,
    /** Reply codes for the next RCPT TO attempts to `address`. */
    script(address: string, codes: number[]) {
      script.set(address.toLowerCase(), [...codes]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function headerOf(raw: string, name: string): string | undefined {
  const unfolded = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

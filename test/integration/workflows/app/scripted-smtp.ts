import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Delivered {
  readonly to: string;
  readonly raw: string;
}

/** Called with the number of messages received so far (this one included) and the message. */
export type DeliveryHook = (count: number, mail: Delivered) => void;

export interface DeliveryHooks {
  /** The whole message is here and the server has not answered yet. */
  received?: DeliveryHook;
  /** The server has just written its 250 (the client may not have read it yet). */
  accepted?: DeliveryHook;
}

interface ConnectionInternals {
  readonly session?: { readonly id?: string };
  readonly _socket?: { destroy(): void };
}

/**
 * A real SMTP server on loopback whose answer to RCPT TO can be scripted per address: a queue of
 * reply codes (451 = try later, 550 = no such user) used one per attempt, then 250. Hooks report
 * delivery progress (a crash test kills its client on them), `replyDelayMs` holds every answer to
 * DATA that long, and `dropAfterData` makes the server
 * keep a message and cut the connection instead of answering: the client cannot know it arrived.
 */
export async function startScriptedSmtp(options: { readonly replyDelayMs?: number } = {}) {
  const delivered: Delivered[] = [];
  const script = new Map<string, number[]>();
  const drops = new Set<string>();
  const hooks: DeliveryHooks = {};
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
        const before = delivered.length;
        for (const rcpt of session.envelope.rcptTo)
          delivered.push({ to: rcpt.address.toLowerCase(), raw: Buffer.concat(chunks).toString('utf8') });
        const mail = delivered[delivered.length - 1]!;
        if (session.envelope.rcptTo.some((rcpt) => drops.delete(rcpt.address.toLowerCase()))) {
          // smtp-server gives onData no socket; its connection set does (test-only reach-in).
          const connections = (server as unknown as { connections: Set<ConnectionInternals> }).connections;
          for (const connection of connections)
            if (connection.session?.id === session.id) connection._socket?.destroy();
          return;
        }
        if (delivered.length > before) hooks.received?.(delivered.length, mail);
        const answer = () => {
          callback(null, 'queued');
          if (delivered.length > before) hooks.accepted?.(delivered.length, mail);
        };
        // A busy mail server takes a moment to answer: the message is here, the 250 not yet sent.
        if (options.replyDelayMs) setTimeout(answer, options.replyDelayMs);
        else answer();
      });
    },
  });
  // A client killed mid-session resets its connection: that is the crash test doing its job.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    delivered,
    hooks,
    /** The next message to `address` is kept, and the connection cut before the server answers. */
    dropAfterData(address: string) {
      drops.add(address.toLowerCase());
    },
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

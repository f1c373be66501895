/**
 * One outbox relay in its own process, on its own Postgres connection, delivering email rows to a
 * real SMTP server: waits until `startAt` (so several children start together), drains the outbox
 * and prints how many rows it sent.
 */
import { systemClock } from '../../../../core/clock.ts';
import { PostgresSyncDatabase } from '../../../../core/store/postgres/sync-database.ts';
import { SmtpEmailTransport } from '../../../../workflows/email/index.ts';
import { OutboxRelay, outcomeFromSendResult } from '../../../../workflows/outbox/index.ts';

const [url, port, leaseMs, startAt] = process.argv.slice(2);
if (!url || !port || !leaseMs || !startAt)
  throw new Error('usage: email-relay-child.ts <url> <smtp-port> <lease-ms> <start-at-ms>');

const db = new PostgresSyncDatabase({ url });
const transport = new SmtpEmailTransport({
  host: '127.0.0.1',
  port: Number(port),
  sendingDomain: 'mail.example.com',
});
const relay = new OutboxRelay({
  db,
  clock: systemClock,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  leaseMs: Number(leaseMs),
  transports: {
    email: async (row) => {
      const payload = row.payload as { to: string; subject: string };
      const result = await transport.send({
        idempotencyKey: row.idempotencyKey,
        from: { address: 'success@mail.example.com' },
        to: payload.to,
        subject: payload.subject,
        text: payload.subject,
        html: `<p>${payload.subject}</p>`,
        unsubscribe: { url: 'https://example.com/u/token' },
      });
      return outcomeFromSendResult(result);
    },
  },
});
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const rounds = await relay.drain(5, 1_000);
process.stdout.write(
  `${JSON.stringify({ claimer: relay.claimer, sent: rounds.reduce((n, r) => n + r.sent, 0) })}\n`,
);
await transport.close();
db.close();

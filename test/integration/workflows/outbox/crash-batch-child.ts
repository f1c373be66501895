/**
 * Child process for the batch crash test: claims the due CRM writes as one batch, "sends" them
 * (logging each row to a file, as the CRM would have received the batch) and hangs until the
 * parent SIGKILLs it, so no outcome is recorded.
 */
import { appendFileSync } from 'node:fs';
import { FixedClock } from '../../../../core/clock.ts';
import { OutboxRelay, type OutboxSender } from '../../../../workflows/outbox/index.ts';
import { openOutboxStore, START } from './harness.ts';

const [storePath, logFile] = process.argv.slice(2);
if (!storePath || !logFile) throw new Error('usage: crash-batch-child.ts <store.sqlite> <send-log>');

const clock = new FixedClock(START);
const store = await openOutboxStore(storePath, clock);
const hang = (): Promise<never> => {
  process.stdout.write('sent-not-recorded\n');
  return new Promise(() => {});
};
const single: OutboxSender = (row) => {
  appendFileSync(logFile, `${row.kind} ${row.idempotencyKey}\n`);
  return hang();
};
const relay = new OutboxRelay({
  db: store.database,
  clock,
  random: () => 0.5,
  sleep: async () => {},
  transports: { email: single, crm_write: single },
  batchTransports: {
    crm_write: {
      maxRows: 100,
      send: (rows) => {
        appendFileSync(logFile, rows.map((row) => `${row.kind} ${row.idempotencyKey}\n`).join(''));
        return hang();
      },
    },
  },
});
const keepAlive = setInterval(() => {}, 1_000);
await relay.runOnce(1_000);
clearInterval(keepAlive);

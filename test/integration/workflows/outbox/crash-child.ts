/**
 * Child process for the crash test: claims every due row, then "sends" the first one (logging it
 * to a file, as a real peer would have received it) and hangs until the parent SIGKILLs it, so
 * the outcome is never recorded.
 */
import { appendFileSync } from 'node:fs';
import { FixedClock } from '../../../../core/clock.ts';
import { OutboxRelay, type OutboxSender } from '../../../../workflows/outbox/index.ts';
import { openOutboxStore, START } from './harness.ts';

const [storePath, logFile] = process.argv.slice(2);
if (!storePath || !logFile) throw new Error('usage: crash-child.ts <store.sqlite> <send-log>');

const clock = new FixedClock(START);
const store = await openOutboxStore(storePath, clock);
const sendThenHang: OutboxSender = (row) => {
  appendFileSync(logFile, `${row.kind} ${row.idempotencyKey}\n`);
  process.stdout.write('sent-not-recorded\n');
  return new Promise(() => {});
};
const relay = new OutboxRelay({
  db: store.database,
  clock,
  random: () => 0.5,
  sleep: async () => {},
  transports: { email: sendThenHang, crm_write: sendThenHang },
});
const keepAlive = setInterval(() => {}, 1_000);
await relay.runOnce(10);
clearInterval(keepAlive);

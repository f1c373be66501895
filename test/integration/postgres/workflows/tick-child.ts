/**
 * One workflow ticker in its own process, on its own Postgres connection: waits until `startAt`,
 * then runs the engine tick for partition `index/count` (count 0: no partition) at Monday 07:00
 * (enroll) and 10:00 New York time (day 0 emails), and prints what it did.
 */
import { PostgresSyncDatabase } from '../../../../core/store/postgres/sync-database.ts';
import { type EntityRef, type TickReport, tick } from '../../../../workflows/engine/index.ts';
import { mediumContext, retentionWorkflow } from '../../workflows/engine/harness.ts';

const [url, index, count, entities, startAt] = process.argv.slice(2);
if (!url || !index || !count || !entities || !startAt)
  throw new Error('usage: tick-child.ts <url> <index> <count> <entities> <start-at-ms>');

const db = new PostgresSyncDatabase({ url });
const workflow = retentionWorkflow();
const candidates: EntityRef[] = Array.from({ length: Number(entities) }, (_, n) => ({
  type: 'contact',
  id: `c-${n}`,
}));
const partition = Number(count) > 0 ? { partition: { index: Number(index), count: Number(count) } } : {};
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const reports: TickReport[] = [];
for (const at of ['2026-03-02T12:00:00.000Z', '2026-03-02T15:00:00.000Z']) {
  // Small batches interleave the two processes' transactions instead of one finishing first.
  reports.push(
    tick(db, {
      now: new Date(at),
      workflows: [workflow],
      candidates,
      contextFor: (entity) => mediumContext(entity),
      batchSize: 5,
      ...partition,
    }),
  );
}
process.stdout.write(
  `${JSON.stringify({
    enrolled: reports.flatMap((r) => r.enrolled.map((e) => e.entity.id)),
    sent: reports.flatMap((r) => r.steps.filter((s) => s.outcome === 'sent').map((s) => s.enrollmentId)),
    moved: reports.flatMap((r) => r.waiting.filter((w) => w.reason.includes('moved on concurrently'))).length,
  })}\n`,
);
db.close();

/** Reference runs on small slices, each on its own fresh store, to show what a change would buy. */
import type { WorkflowDefinition } from '../../workflows/definitions/index.ts';
import { tick } from '../../workflows/engine/index.ts';
import { contextFor, entities, fmt, measure, NOW, openStore, type Phase } from './engine-fixtures.ts';
import { timeDatabase } from './timed-database.ts';

const REFERENCE_SLICE = 2_000;
const HISTORY_SLICE = 1_500;

/**
 * Reference on a slice: the same enrolling tick inside one explicit transaction. The shipped enroll
 * phase commits each INSERT on its own (autocommit), so this shows what batching that phase is worth.
 */
export async function batchedReference(dir: string, workflows: readonly WorkflowDefinition[]) {
  const phases: Phase[] = [];
  for (const batched of [false, true]) {
    const store = await openStore(dir, `reference-${batched}.sqlite`);
    const timer = timeDatabase(store.database);
    const candidates = entities(0, REFERENCE_SLICE);
    const label = batched
      ? `reference: enrolling tick on a ${fmt(REFERENCE_SLICE)} slice in ONE transaction`
      : `reference: enrolling tick on a ${fmt(REFERENCE_SLICE)} slice as shipped (autocommit per row)`;
    phases.push(
      measure(timer, label, () => {
        if (batched) timer.db.exec('BEGIN IMMEDIATE');
        const report = tick(timer.db, { now: NOW, workflows, candidates, contextFor, limit: 0 });
        if (batched) timer.db.exec('COMMIT');
        return report.enrolled.length;
      }),
    );
    store.close();
  }
  return phases;
}

/**
 * Reference on a slice: the full due-step tick on a fresh store without and with an expression index
 * matching the frequency-cap history query, i.e. what indexing that lookup would buy (bench-only
 * index; the shipped migrations do not create it).
 */
export async function historyIndexReference(dir: string, workflows: readonly WorkflowDefinition[]) {
  const phases: Phase[] = [];
  for (const indexed of [false, true]) {
    const store = await openStore(dir, `history-${indexed}.sqlite`);
    if (indexed)
      store.database.exec(
        `CREATE INDEX bench_outbox_entity ON outbox (json_extract(payload, '$.entity.type'), json_extract(payload, '$.entity.id'))`,
      );
    const timer = timeDatabase(store.database);
    const candidates = entities(0, HISTORY_SLICE);
    tick(timer.db, { now: NOW, workflows, candidates, contextFor, limit: 0 });
    const label = indexed
      ? `reference: due-step tick, ${fmt(HISTORY_SLICE)} enrollments, with a second, bench-only expression index (the shipped schema has had one since migration 300)`
      : `reference: due-step tick, ${fmt(HISTORY_SLICE)} enrollments, shipped schema`;
    phases.push(
      measure(
        timer,
        label,
        () =>
          tick(timer.db, { now: NOW, workflows, candidates: [], contextFor, limit: HISTORY_SLICE }).steps
            .length,
      ),
    );
    store.close();
  }
  return phases;
}

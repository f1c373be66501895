/** Reference runs on small slices, each on its own fresh store, to show what a design choice buys. */
import type { WorkflowDefinition } from '../../workflows/definitions/index.ts';
import { DEFAULT_BATCH_SIZE, tick } from '../../workflows/engine/index.ts';
import { contextFor, entities, fmt, measure, NOW, openStore, type Phase } from './engine-fixtures.ts';
import { timeDatabase } from './timed-database.ts';

const REFERENCE_SLICE = 2_000;

/**
 * The due-step tick on a slice with one transaction per enrollment (batchSize 1, each commit paid
 * per enrollment as before batching) and with the shipped batch size, on fresh stores.
 */
export async function batchSizeReference(dir: string, workflows: readonly WorkflowDefinition[]) {
  const phases: Phase[] = [];
  for (const batchSize of [1, DEFAULT_BATCH_SIZE]) {
    const store = await openStore(dir, `reference-batch-${batchSize}.sqlite`);
    const timer = timeDatabase(store.database);
    const candidates = entities(0, REFERENCE_SLICE);
    tick(timer.db, { now: NOW, workflows, candidates, contextFor, limit: 0 });
    const label =
      batchSize === 1
        ? `reference: due-step tick, ${fmt(REFERENCE_SLICE)} enrollments, one transaction per enrollment`
        : `reference: due-step tick, ${fmt(REFERENCE_SLICE)} enrollments, ${batchSize} enrollments per transaction (shipped)`;
    phases.push(
      measure(
        timer,
        label,
        () =>
          tick(timer.db, {
            now: NOW,
            workflows,
            candidates: [],
            contextFor,
            limit: REFERENCE_SLICE,
            batchSize,
          }).steps.length,
      ),
    );
    store.close();
  }
  return phases;
}

import { Rng } from '../learners/rng.ts';
import type { LoggedDecision } from './types.ts';

/**
 * Seeded train/test split of a decision log, stratified by logged action so every action
 * keeps its share in both halves (the T-learner needs rows of every action to train on, and
 * the evaluation half must stay a faithful randomised log).
 */
export function splitLogByAction<Ctx>(
  log: readonly LoggedDecision<Ctx>[],
  trainFraction: number,
  seed: number,
): { train: LoggedDecision<Ctx>[]; test: LoggedDecision<Ctx>[] } {
  if (!(trainFraction > 0 && trainFraction < 1)) {
    throw new RangeError(`splitLogByAction: trainFraction must be in (0, 1), got ${trainFraction}`);
  }
  const rng = new Rng(seed);
  const byAction = new Map<string, number[]>();
  log.forEach((row, i) => {
    const rows = byAction.get(row.action) ?? [];
    rows.push(i);
    byAction.set(row.action, rows);
  });
  const inTrain = new Uint8Array(log.length);
  for (const action of [...byAction.keys()].sort()) {
    const rows = byAction.get(action)!;
    rng.shuffle(rows);
    const cut = Math.round(rows.length * trainFraction);
    for (let k = 0; k < cut; k++) inTrain[rows[k]!] = 1;
  }
  const train: LoggedDecision<Ctx>[] = [];
  const test: LoggedDecision<Ctx>[] = [];
  log.forEach((row, i) => {
    (inTrain[i] ? train : test).push(row);
  });
  return { train, test };
}

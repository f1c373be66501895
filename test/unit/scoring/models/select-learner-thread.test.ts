import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../scoring/learners/rng.ts';
import { selectLearner } from '../../../../scoring/models/select-learner.ts';
import {
  type SelectLearnerJob,
  selectLearnerOnThread,
} from '../../../../scoring/models/select-learner-thread.ts';
import { makeDataset, uniformColumns } from '../learners/helpers.ts';

function sample(n: number, seed: number) {
  const columns = uniformColumns(n, 4, seed);
  const rng = new Rng(seed + 100);
  const y = Float64Array.from(columns[0]!, (x, i) =>
    rng.nextFloat() < 0.2 + 0.5 * (x + columns[2]![i]! > 0 ? 1 : 0) ? 1 : 0,
  );
  return { data: makeDataset(columns), y };
}

describe('fitting the candidate learners on a worker thread', () => {
  it('chooses the same learner, with the same trees and calibrator, and reports each tree', async () => {
    const job: SelectLearnerJob = {
      choice: 'auto',
      fit: sample(1500, 1),
      calibration: sample(600, 2),
      options: { seed: 7, calibration: 'auto' },
    };
    const progress: { step: string; done: number; total: number }[] = [];
    const threaded = await selectLearnerOnThread(job, (step, done, total) =>
      progress.push({ step, done, total }),
    );
    const inProcess = selectLearner(job.choice, job.fit, job.calibration, job.options);

    expect(threaded.chosen).toBe(inProcess.chosen);
    expect(threaded.learner).toEqual(inProcess.learner);
    expect(threaded.calibrator).toEqual(inProcess.calibrator);
    expect(threaded.candidates.map((c) => c.calibrationLogLoss)).toEqual(
      inProcess.candidates.map((c) => c.calibrationLogLoss),
    );

    // Each candidate ends at its total, once; none counts past it.
    const steps = [...new Set(progress.map((p) => p.step))];
    expect(steps).toEqual([
      'logistic regression, 1 of 3',
      'gradient boosting, 2 of 3',
      'random forest, 3 of 3',
    ]);
    for (const p of progress) expect(p.done).toBeLessThanOrEqual(p.total);
    for (const step of steps) {
      const last = progress.filter((p) => p.step === step).at(-1)!;
      expect(last.done, step).toBe(last.total);
      expect(
        progress.filter((p) => p.step === step && p.done === p.total),
        step,
      ).toHaveLength(1);
    }
  });

  it('finishes a learner once when it grows every round it may', async () => {
    const progress: { done: number; total: number }[] = [];
    await selectLearnerOnThread(
      {
        choice: 'boosting',
        fit: sample(400, 3),
        calibration: sample(200, 4),
        options: {
          seed: 1,
          calibration: 'platt',
          params: { boosting: { maxIter: 5, earlyStopping: false } },
        },
      },
      (_step, done, total) => progress.push({ done, total }),
    );
    expect(progress.filter((p) => p.done === p.total)).toEqual([{ done: 5, total: 5 }]);
  });
});

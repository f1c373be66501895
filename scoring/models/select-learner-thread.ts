import { Worker } from 'node:worker_threads';
import type { CalibrationMethod } from '../calibration/calibrator.ts';
import type { CandidateParams } from '../eval/candidates.ts';
import type { Dataset } from '../learners/types.ts';
import type { LearnerChoice } from './candidates.ts';
import type { LearnerSelection } from './select-learner.ts';

export interface SelectLearnerJob {
  readonly choice: LearnerChoice;
  readonly fit: { readonly data: Dataset; readonly y: Float64Array };
  readonly calibration: { readonly data: Dataset; readonly y: Float64Array };
  readonly options: {
    readonly seed: number;
    readonly calibration: CalibrationMethod;
    readonly params?: CandidateParams;
  };
}

export type SelectLearnerMessage =
  | { readonly type: 'progress'; readonly step: string; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly selection: LearnerSelection };

/**
 * selectLearner on a worker thread. Fitting the candidates is seconds to minutes of uninterrupted
 * CPU; off the main thread, the event loop stays free to draw progress (trees grown of all, per
 * candidate) and to answer signals. The model is the same: the data is copied, the seed is the seed.
 */
export function selectLearnerOnThread(
  job: SelectLearnerJob,
  onProgress: (step: string, done: number, total: number) => void,
): Promise<LearnerSelection> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./select-learner-worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    worker.on('message', (message: SelectLearnerMessage) => {
      if (message.type === 'progress') onProgress(message.step, message.done, message.total);
      else {
        settled = true;
        resolve(message.selection);
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled)
        reject(new Error(`the learner worker stopped (exit code ${code}) before it chose a learner`));
    });
  });
}

/** Worker entry: fits the candidate learners of one job (see select-learner-thread.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { selectLearner } from './select-learner.ts';
import type { SelectLearnerJob, SelectLearnerMessage } from './select-learner-thread.ts';

/** Ten messages a second at most: enough for a bar to move smoothly, few enough to cost nothing. */
const PROGRESS_EVERY_MS = 100;

const job = workerData as SelectLearnerJob;
let last = 0;
const post = (message: SelectLearnerMessage) => parentPort!.postMessage(message);
const selection = selectLearner(job.choice, job.fit, job.calibration, {
  ...job.options,
  onProgress: (step, done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    post({ type: 'progress', step, done, total });
  },
});
post({ type: 'done', selection });

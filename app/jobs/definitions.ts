import type { JobKind } from '../config/jobs.ts';
import type { JobDefinition } from './job-kind.ts';
import { outboxJob } from './outbox-job.ts';
import { publishJob } from './publish-job.ts';
import { scoreJob } from './score-job.ts';
import { syncJob } from './sync-job.ts';
import { workflowsJob } from './workflows-job.ts';
import { writeBackJob } from './writeback-job.ts';

// biome-ignore lint/suspicious/noExplicitAny: each definition is checked against its own payload
export const JOB_DEFINITIONS: Record<JobKind, JobDefinition<any>> = {
  sync: syncJob,
  score: scoreJob,
  writeback: writeBackJob,
  publish: publishJob,
  workflows: workflowsJob,
  outbox: outboxJob,
};

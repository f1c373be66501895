import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';
import { partitionSchema, partitionWords } from './partition.ts';

export const workflowsPayload = z.strictObject({
  /**
   * Enrollments split by range across `count` tick jobs. The workflow engine ticks every
   * enrollment in one run today, so jobs carry count 1.
   */
  partition: partitionSchema,
  period: z.string(),
});
export type WorkflowsPayload = z.output<typeof workflowsPayload>;

/** One workflow tick after the safety gates: enroll, run due steps, hand messages to the outbox. */
export const workflowsJob: JobDefinition<WorkflowsPayload> = {
  kind: 'workflows',
  payload: workflowsPayload,
  singletonKey: (payload) => `${payload.partition.index}/${payload.partition.count}`,
  describe: (payload) => `workflow tick${partitionWords(payload.partition)}`,
};

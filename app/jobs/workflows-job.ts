import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';
import { partitionSchema, partitionWords } from './partition.ts';

export const workflowsPayload = z.strictObject({
  /**
   * The slice of entities this tick works on (a stable hash of entity type and id, see
   * workflows/engine/partition.ts); ticks of different slices of one count run at once.
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

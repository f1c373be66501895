import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';
import { partitionSchema, partitionWords } from './partition.ts';

export const SCORED_MODELS = ['lead', 'churn', 'ltv', 'nba'] as const;

export const scorePayload = z.strictObject({
  model: z.enum(SCORED_MODELS),
  /** Scoring walks every entity of the model in one pass today, so jobs carry count 1. */
  partition: partitionSchema,
  period: z.string(),
});
export type ScorePayload = z.output<typeof scorePayload>;

/** One model scored over the store's current data, as `scorebridge score --model <m>` does. */
export const scoreJob: JobDefinition<ScorePayload> = {
  kind: 'score',
  payload: scorePayload,
  singletonKey: (payload) => `${payload.model}#${payload.partition.index}/${payload.partition.count}`,
  describe: (payload) => `score ${payload.model}${partitionWords(payload.partition)}`,
};

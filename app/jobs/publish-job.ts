import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';

export const publishPayload = z.strictObject({
  /** A warehouse connector's name (BigQuery, Snowflake, files). */
  connector: z.string().min(1),
  period: z.string(),
});
export type PublishPayload = z.output<typeof publishPayload>;

/** Current scores to one warehouse, after its safety gates (a held gate is reported, never forced). */
export const publishJob: JobDefinition<PublishPayload> = {
  kind: 'publish',
  payload: publishPayload,
  singletonKey: (payload) => payload.connector,
  describe: (payload) => `publish scores to ${payload.connector}`,
};

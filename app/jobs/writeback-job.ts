import { z } from 'zod';
import type { JobDefinition } from './job-kind.ts';

export const writeBackPayload = z.strictObject({
  /** A CRM connector's name (HubSpot, Salesforce). */
  connector: z.string().min(1),
  /** Read the CRM's current values first and repair the ones edited there since we wrote them. */
  full: z.boolean().default(false),
  period: z.string(),
});
export type WriteBackPayload = z.output<typeof writeBackPayload>;

/** Current scores onto one CRM's records, after its safety gates (a held gate is reported, never forced). */
export const writeBackJob: JobDefinition<WriteBackPayload> = {
  kind: 'writeback',
  payload: writeBackPayload,
  singletonKey: (payload) => payload.connector,
  describe: (payload) => `write scores back to ${payload.connector}`,
};

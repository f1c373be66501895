import { z } from 'zod';
import { sourceRefSchema } from './source-ref.ts';
import { isoInstant } from './timestamps.ts';

/**
 * Fields every source record shares. Deleted/archived records and records the provider merged
 * into another are kept and flagged: dropping them would resurrect deleted people on the next
 * full sync and lose the trail of a merge.
 */
export const sourceLifecycleFields = {
  ref: sourceRefSchema,
  updatedAt: isoInstant,
  createdAt: isoInstant.nullish(),
  deleted: z.boolean().default(false),
  /** The record this one was merged into by the provider (HubSpot merge, Salesforce MasterRecordId). */
  mergedInto: sourceRefSchema.nullish(),
};

import { z } from 'zod';
import { sourceLifecycleFields } from './lifecycle.ts';
import { propertiesSchema } from './properties.ts';
import { sourceRefSchema } from './source-ref.ts';
import { isoInstant } from './timestamps.ts';

export const dealStatusSchema = z.enum(['open', 'won', 'lost']);
export type DealStatus = z.infer<typeof dealStatusSchema>;

/** A deal (HubSpot) or opportunity (Salesforce) as one source sees it. */
export const sourceDealSchema = z.strictObject({
  kind: z.literal('deal'),
  ...sourceLifecycleFields,
  name: z.string().trim().min(1).nullish(),
  account: sourceRefSchema.nullish(),
  contact: sourceRefSchema.nullish(),
  contactEmail: z.string().trim().email().nullish(),
  /** The provider's stage label, kept verbatim for reporting. */
  stage: z.string().trim().min(1).nullish(),
  status: dealStatusSchema,
  amount: z.number().finite().nonnegative().nullish(),
  currency: z.string().length(3).toUpperCase().nullish(),
  closedAt: isoInstant.nullish(),
  ownerId: z.string().trim().min(1).nullish(),
  properties: propertiesSchema.default({}),
});
export type SourceDeal = z.infer<typeof sourceDealSchema>;
export type SourceDealInput = z.input<typeof sourceDealSchema>;

export interface Deal {
  readonly id: number;
  readonly source: z.infer<typeof sourceRefSchema>;
  readonly name: string | null;
  readonly accountId: string | null;
  readonly contactId: string | null;
  readonly stage: string | null;
  readonly status: DealStatus;
  readonly amount: number | null;
  readonly currency: string | null;
  readonly createdAt: string | null;
  readonly closedAt: string | null;
  readonly updatedAt: string;
  readonly deleted: boolean;
}

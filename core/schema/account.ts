import { z } from 'zod';
import { sourceLifecycleFields } from './lifecycle.ts';
import { propertiesSchema } from './properties.ts';
import { sourceRefSchema } from './source-ref.ts';
import { isoInstant } from './timestamps.ts';

const optionalText = z.string().trim().min(1).nullish();

export const accountStatusSchema = z.enum(['prospect', 'trial', 'active', 'churned']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** A company as one source system sees it. */
export const sourceAccountSchema = z.strictObject({
  kind: z.literal('account'),
  ...sourceLifecycleFields,
  name: optionalText,
  /** Web domain; the identity key that joins the same company across systems. */
  domain: optionalText,
  industry: optionalText,
  employees: z.number().int().nonnegative().nullish(),
  annualRevenue: z.number().nonnegative().nullish(),
  plan: optionalText,
  /** Monthly recurring revenue in `currency`. */
  mrr: z.number().nonnegative().nullish(),
  currency: z.string().length(3).toUpperCase().nullish(),
  country: optionalText,
  ownerId: optionalText,
  status: accountStatusSchema.nullish(),
  churnedAt: isoInstant.nullish(),
  properties: propertiesSchema.default({}),
});
export type SourceAccount = z.infer<typeof sourceAccountSchema>;
export type SourceAccountInput = z.input<typeof sourceAccountSchema>;

export const accountSchema = z.strictObject({
  id: z.string(),
  name: z.string().nullable(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  employees: z.number().nullable(),
  annualRevenue: z.number().nullable(),
  plan: z.string().nullable(),
  mrr: z.number().nullable(),
  currency: z.string().nullable(),
  country: z.string().nullable(),
  ownerId: z.string().nullable(),
  status: accountStatusSchema.nullable(),
  churnedAt: isoInstant.nullable(),
  properties: propertiesSchema,
  sources: z.array(sourceRefSchema),
  createdAt: isoInstant.nullable(),
  updatedAt: isoInstant,
  deletedAt: isoInstant.nullable(),
  mergedInto: z.string().nullable(),
});
export type Account = z.infer<typeof accountSchema>;

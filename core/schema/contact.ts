import { z } from 'zod';
import { sourceLifecycleFields } from './lifecycle.ts';
import { propertiesSchema } from './properties.ts';
import { sourceRefSchema } from './source-ref.ts';
import { isoInstant } from './timestamps.ts';

const optionalText = z.string().trim().min(1).nullish();

/** A person as one source system sees them. */
export const sourceContactSchema = z.strictObject({
  kind: z.literal('contact'),
  ...sourceLifecycleFields,
  email: z.string().trim().email().nullish(),
  firstName: optionalText,
  lastName: optionalText,
  title: optionalText,
  /** Buying role or job function, e.g. "economic_buyer", "champion", "user". */
  role: optionalText,
  phone: optionalText,
  /** IANA zone used for send windows, e.g. "Europe/Madrid". */
  timezone: optionalText,
  country: optionalText,
  city: optionalText,
  lifecycleStage: optionalText,
  ownerId: optionalText,
  account: sourceRefSchema.nullish(),
  /** Marketing e-mail consent as the source knows it; null when unknown. */
  emailOptIn: z.boolean().nullish(),
  properties: propertiesSchema.default({}),
});
export type SourceContact = z.infer<typeof sourceContactSchema>;
export type SourceContactInput = z.input<typeof sourceContactSchema>;

/** The resolved person: one row however many systems know them. */
export const contactSchema = z.strictObject({
  id: z.string(),
  email: z.string().nullable(),
  emailNormalized: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  title: z.string().nullable(),
  role: z.string().nullable(),
  phone: z.string().nullable(),
  timezone: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  lifecycleStage: z.string().nullable(),
  ownerId: z.string().nullable(),
  accountId: z.string().nullable(),
  emailOptIn: z.boolean().nullable(),
  properties: propertiesSchema,
  sources: z.array(sourceRefSchema),
  createdAt: isoInstant.nullable(),
  updatedAt: isoInstant,
  deletedAt: isoInstant.nullable(),
  mergedInto: z.string().nullable(),
});
export type Contact = z.infer<typeof contactSchema>;

import { z } from 'zod';

const SIMPLE_EXITS = [
  'reply',
  'meeting_booked',
  'login_recovered',
  'usage_recovered',
  'unsubscribe',
  'bounce',
  // The entity's tier (of the model that enrolled it) is no longer the tier it was enrolled in:
  // ending the enrollment lets the next tick enroll it in the steps for its new tier.
  'tier_changed',
] as const;

/** Checked before every step and on every inbound event; the first that holds ends the enrollment. */
export const exitSchema = z.discriminatedUnion('on', [
  z.strictObject({ on: z.enum(SIMPLE_EXITS) }),
  z.strictObject({
    on: z.literal('score_below'),
    model: z.string().min(1),
    value: z.number().min(0).max(100),
  }),
  z.strictObject({
    on: z.literal('condition'),
    when: z.string().min(1).describe('Condition expression; exit when it holds.'),
  }),
]);
export type ExitCondition = z.output<typeof exitSchema>;

/** Consent and deliverability exits apply even when a file lists none. */
export const DEFAULT_EXITS: readonly ExitCondition[] = [{ on: 'unsubscribe' }, { on: 'bounce' }];

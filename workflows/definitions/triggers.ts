import { z } from 'zod';
import { cronExpression } from '../../core/config/cron-expression.ts';
import { eventTypeSchema } from '../../core/schema/event.ts';

const name = z.string().min(1);

/** What starts an enrollment; `on` names the kind, the other keys are that kind's settings. */
export const triggerSchema = z.discriminatedUnion('on', [
  z.strictObject({
    on: z.literal('schedule'),
    cron: cronExpression().describe('When to evaluate the audience.'),
  }),
  z.strictObject({
    on: z.literal('after_sync'),
    connector: name.optional().describe('Only after this connector synced; absent: after any sync.'),
  }),
  z.strictObject({ on: z.literal('score_change'), model: name }),
  z.strictObject({
    on: z.literal('tier_change'),
    model: name,
    from: name.optional().describe('Only when leaving this tier; absent: from any tier.'),
    to: name.describe('Enroll on the transition into this tier.'),
  }),
  z.strictObject({
    on: z.literal('event'),
    type: eventTypeSchema.describe(
      "Event name as stored, well-known or the source's own, e.g. support_ticket or report_exported; " +
        'matched exactly (scoring.events.aliases do not apply).',
    ),
  }),
  z.strictObject({
    on: z.literal('webhook'),
    name: name.describe('Inbound webhook name: POST /hooks/<name>.'),
  }),
]);
export type Trigger = z.output<typeof triggerSchema>;

export const REENROLLMENT_POLICIES = ['never', 'after_exit', 'on_transition'] as const;
/** No re-enrollment unless asked for: a contact should not get the same sequence twice by accident. */
export const DEFAULT_REENROLLMENT = 'never';

export const entrySchema = z.strictObject({
  triggers: z.array(triggerSchema).min(1),
  audience: z
    .string()
    .min(1)
    .optional()
    .describe('Condition expression a contact must meet to enroll; absent: everyone the trigger matches.'),
  reenrollment: z
    .enum(REENROLLMENT_POLICIES)
    .default(DEFAULT_REENROLLMENT)
    .describe(
      'never: once per contact; after_exit: again once the previous enrollment ended; on_transition: again on each new trigger transition.',
    ),
});
export type Entry = z.output<typeof entrySchema>;

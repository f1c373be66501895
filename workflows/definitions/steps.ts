import { z } from 'zod';
import { secretRef } from '../../core/config/index.ts';
import { DEFAULT_FREQUENCY_CAP_CATEGORY, delaySchema } from '../policy/schema.ts';
import { CRM_ALIAS } from './context.ts';

const name = z.string().min(1);

export const NO_DELAY = { amount: 0, unit: 'days' } as const;

/** Keys every step accepts besides its own. */
const common = {
  delay: delaySchema
    .prefault({ ...NO_DELAY })
    .describe('Wait after the previous step that ran for this contact before running this one.'),
  tiers: z
    .array(name)
    .min(1)
    .optional()
    .describe('Run only for contacts enrolled in these tiers of the tier_change model; absent: every tier.'),
};

const target = name.describe(
  "Connector name, or 'crm' for the first configured CRM connector (skipped when none).",
);

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const DEFAULT_TASK_PRIORITY = 'normal';
export const TASK_ASSIGNEES = ['owner', 'csm'] as const;
export const DEFAULT_TASK_ASSIGNEE = 'owner';
export const DEFAULT_WEBHOOK_METHOD = 'POST';

export const stepSchema = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('send_email'),
    template: name.describe('Email name in the workflow template set.'),
    category: name.default(DEFAULT_FREQUENCY_CAP_CATEGORY).describe('Frequency-cap category.'),
    ...common,
  }),
  z.strictObject({ action: z.literal('wait'), ...common }),
  z.strictObject({
    action: z.literal('write_fields'),
    to: target,
    fields: z.record(name, z.union([z.string(), z.number(), z.boolean()])),
    ...common,
  }),
  z.strictObject({
    action: z.literal('create_task'),
    to: target,
    subject: name,
    due_in: delaySchema.prefault({ amount: 2, unit: 'business_days' }),
    priority: z.enum(TASK_PRIORITIES).default(DEFAULT_TASK_PRIORITY),
    assign_to: z.enum(TASK_ASSIGNEES).default(DEFAULT_TASK_ASSIGNEE),
    ...common,
  }),
  z.strictObject({
    action: z.literal('assign_owner'),
    role: z.literal('csm'),
    to: target
      .default(CRM_ALIAS)
      .describe(
        "Connector that gets the CSM's email in scorebridge_csm; 'crm': the first CRM connector. Without one the CSM is still assigned.",
      ),
    ...common,
  }),
  z.strictObject({
    action: z.literal('call_webhook'),
    url: z.url(),
    method: z.enum(['POST', 'PUT', 'PATCH']).default(DEFAULT_WEBHOOK_METHOD),
    body: z.record(name, z.unknown()).optional(),
    ...common,
  }),
  z.strictObject({
    action: z.literal('notify'),
    slack_webhook: secretRef(),
    text: name,
    ...common,
  }),
  z.strictObject({ action: z.literal('enroll_in_sequence'), sequence: name, ...common }),
  z.strictObject({ action: z.literal('remove_from_sequence'), sequence: name, ...common }),
]);
export type Step = z.output<typeof stepSchema>;
export type StepAction = Step['action'];

import { z } from 'zod';
import { checkReference } from '../../core/config/index.ts';
import { deliveryPolicySchema, frequencyCapSchema } from '../policy/schema.ts';
import { CRM_ALIAS, type ReferenceContext } from './context.ts';
import { DEFAULT_EXITS, type ExitCondition, exitSchema } from './exits.ts';
import { type Step, stepSchema } from './steps.ts';
import { entrySchema, type Trigger, triggerSchema } from './triggers.ts';

/** One file in config/workflows/. Keys are snake_case except the shared delivery policy block. */
function baseSchema(
  trigger: z.ZodType<Trigger, z.input<typeof triggerSchema>> = triggerSchema,
  step: z.ZodType<Step, z.input<typeof stepSchema>> = stepSchema,
  exit: z.ZodType<ExitCondition, z.input<typeof exitSchema>> = exitSchema,
) {
  return z.strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9_-]*$/, 'use lowercase letters, digits, - and _')
      .optional()
      .describe('Workflow name; absent: the file name without .yaml.'),
    description: z.string().optional(),
    enabled: z.boolean().default(true),
    templates: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Folder under the templates directory holding this workflow emails; absent: the workflow name.',
      ),
    entry: entrySchema.extend({ triggers: z.array(trigger).min(1) }),
    steps: z.array(step).min(1),
    exit: z
      .array(exit)
      .default(() => [...DEFAULT_EXITS])
      .describe('Absent: unsubscribe and bounce.'),
    delivery: deliveryPolicySchema.prefault({}),
    frequency_caps: z.array(frequencyCapSchema).default(() => []),
  });
}

type Parsed = z.output<ReturnType<typeof baseSchema>>;

type Check<T> = (value: T, ctx: z.RefinementCtx) => void;

/**
 * Name checks sit on each trigger, step and exit rather than on the whole file, so a shape error in
 * one step does not hide an unknown connector in another: zod skips a refinement whose input failed.
 */
function nameChecks(context: ReferenceContext) {
  const model = (ctx: z.RefinementCtx, value: string, path: PropertyKey[]) =>
    context.models.length === 0 ||
    checkReference(ctx, { value, candidates: context.models, path, what: 'model' });
  const tier = (ctx: z.RefinementCtx, value: string, path: PropertyKey[]) =>
    checkReference(ctx, { value, candidates: context.tiers, path, what: 'tier' });

  const trigger: Check<Trigger> = (value, ctx) => {
    if (value.on === 'after_sync' && value.connector !== undefined)
      checkReference(ctx, {
        value: value.connector,
        candidates: context.connectors,
        path: ['connector'],
        what: 'connector',
      });
    if (value.on === 'score_change' || value.on === 'tier_change') model(ctx, value.model, ['model']);
    if (value.on === 'tier_change') {
      if (value.from !== undefined) tier(ctx, value.from, ['from']);
      tier(ctx, value.to, ['to']);
    }
  };
  const step: Check<Step> = (value, ctx) => {
    value.tiers?.forEach((name, index) => {
      tier(ctx, name, ['tiers', index]);
    });
    if ('to' in value && value.to !== CRM_ALIAS)
      checkReference(ctx, {
        value: value.to,
        candidates: context.connectors,
        path: ['to'],
        what: 'connector',
      });
    if (value.action === 'send_email' && context.templates !== undefined)
      checkReference(ctx, {
        value: value.template,
        candidates: context.templates,
        path: ['template'],
        what: 'template',
      });
  };
  const exit: Check<ExitCondition> = (value, ctx) => {
    if (value.on === 'score_below') model(ctx, value.model, ['model']);
  };
  return { trigger, step, exit };
}

/** The schema of one workflow file; with a context it also checks every name against the config. */
export function workflowFileSchema(context?: ReferenceContext) {
  if (!context) return baseSchema();
  const checks = nameChecks(context);
  return baseSchema(
    triggerSchema.superRefine(checks.trigger),
    stepSchema.superRefine(checks.step),
    exitSchema.superRefine(checks.exit),
  );
}

export type WorkflowFile = Parsed;

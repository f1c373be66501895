import { z } from 'zod';
import type { EntityType } from '../../core/schema/index.ts';
import type { Action } from '../nba/types.ts';

/** What an NBA eligibility rule can read: feature values and the probabilities of the other models. */
export interface NbaContext {
  readonly values: Readonly<Record<string, number | string | null>>;
}

const scalar = z.union([z.number(), z.string()]);
export const nbaConditionSchema = z.strictObject({
  /** A feature name, or churn_probability / lead_probability from the promoted models. */
  feature: z.string().min(1),
  op: z.enum(['<', '<=', '>', '>=', '==', '!=', 'in', 'not_in']),
  value: z.union([scalar, z.array(scalar).min(1)]),
});
export type NbaCondition = z.infer<typeof nbaConditionSchema>;

export const nbaActionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'action ids are lower snake case, like "csm_call"'),
  label: z.string().min(1),
  /** Cost in reward units (probability points of the outcome); the learned policy nets it off. */
  cost: z.number().min(0).default(0),
  /** The rules policy takes the eligible action with the highest priority. */
  priority: z.number().default(0),
  /** Every condition must hold (missing values fail); no conditions = always eligible. */
  when: z.array(nbaConditionSchema).default([]),
});
export type NbaActionConfig = z.output<typeof nbaActionSchema>;

export const nbaCatalogSchema = z
  .array(nbaActionSchema)
  .min(1, 'the action catalog needs at least one action (list an always-eligible one, e.g. nurture_email)')
  .superRefine((actions, ctx) => {
    const seen = new Set<string>();
    actions.forEach((action, i) => {
      if (seen.has(action.id))
        ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `action "${action.id}" is listed twice` });
      seen.add(action.id);
    });
    if (!actions.some((a) => a.when.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'list at least one action without conditions, so every customer has one',
      });
    }
  });

export const DEFAULT_ACCOUNT_ACTIONS: z.input<typeof nbaCatalogSchema> = [
  { id: 'nurture_email', label: 'Send the nurture e-mail sequence', cost: 0, priority: 0 },
  {
    id: 'training_webinar',
    label: 'Invite to a product training webinar',
    cost: 0.005,
    priority: 1,
    when: [{ feature: 'features_used_90d', op: '<=', value: 3 }],
  },
  {
    id: 'csm_call',
    label: 'Customer success call',
    cost: 0.02,
    priority: 2,
    when: [{ feature: 'churn_probability', op: '>=', value: 0.3 }],
  },
  {
    id: 'discount_offer',
    label: 'Renewal discount offer',
    cost: 0.05,
    priority: 3,
    when: [
      { feature: 'churn_probability', op: '>=', value: 0.5 },
      { feature: 'plan', op: 'in', value: ['Starter', 'Growth'] },
    ],
  },
];

export const DEFAULT_CONTACT_ACTIONS: z.input<typeof nbaCatalogSchema> = [
  { id: 'nurture_email', label: 'Send the nurture e-mail sequence', cost: 0, priority: 0 },
  {
    id: 'training_webinar',
    label: 'Invite to a product webinar',
    cost: 0.005,
    priority: 1,
    when: [{ feature: 'email_click_90d', op: '>=', value: 1 }],
  },
  {
    id: 'sales_call',
    label: 'Sales call',
    cost: 0.02,
    priority: 2,
    when: [{ feature: 'lead_probability', op: '>=', value: 0.3 }],
  },
  {
    id: 'discount_offer',
    label: 'First-year discount offer',
    cost: 0.05,
    priority: 3,
    when: [
      { feature: 'lead_probability', op: '>=', value: 0.5 },
      { feature: 'pricing_page_views_30d', op: '>=', value: 1 },
    ],
  },
];

export function defaultCatalog(entityType: EntityType): NbaActionConfig[] {
  return nbaCatalogSchema.parse(entityType === 'account' ? DEFAULT_ACCOUNT_ACTIONS : DEFAULT_CONTACT_ACTIONS);
}

export function parseNbaCatalog(input: unknown, where = 'nba actions'): NbaActionConfig[] {
  const parsed = nbaCatalogSchema.safeParse(input);
  if (!parsed.success) {
    throw new Error(
      `${where}: ${parsed.error.issues.map((i) => `[${i.path.join('.')}] ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

function holds(condition: NbaCondition, context: NbaContext): boolean {
  const actual = context.values[condition.feature];
  if (actual === null || actual === undefined || (typeof actual === 'number' && Number.isNaN(actual)))
    return false;
  const expected = condition.value;
  switch (condition.op) {
    case 'in':
      return (Array.isArray(expected) ? expected : [expected]).some((v) => v === actual);
    case 'not_in':
      return !(Array.isArray(expected) ? expected : [expected]).some((v) => v === actual);
    case '==':
      return actual === expected;
    case '!=':
      return actual !== expected;
    default: {
      if (typeof actual !== 'number' || typeof expected !== 'number') return false;
      if (condition.op === '<') return actual < expected;
      if (condition.op === '<=') return actual <= expected;
      if (condition.op === '>') return actual > expected;
      return actual >= expected;
    }
  }
}

export function isEligible(action: NbaActionConfig, context: NbaContext): boolean {
  return action.when.every((condition) => holds(condition, context));
}

/** The catalog as scoring/nba actions (eligibility rules turned into predicates). */
export function toActions(catalog: readonly NbaActionConfig[]): Action<NbaContext>[] {
  return catalog.map((action) => ({
    id: action.id,
    label: action.label,
    cost: action.cost,
    ...(action.when.length > 0 ? { eligible: (context: NbaContext) => isEligible(action, context) } : {}),
  }));
}

/** Rules policy: the eligible action with the highest priority (catalog order breaks ties). */
export function ruleChoice(catalog: readonly NbaActionConfig[], context: NbaContext): NbaActionConfig {
  let best: NbaActionConfig | null = null;
  for (const action of catalog)
    if (isEligible(action, context) && (!best || action.priority > best.priority)) best = action;
  if (!best) throw new Error('no action in the catalog is eligible; add one without conditions');
  return best;
}

/** Names the rules read that are neither features nor model probabilities (likely typos). */
export function unknownRuleFeatures(catalog: readonly NbaActionConfig[], known: readonly string[]): string[] {
  const names = new Set(known);
  return [...new Set(catalog.flatMap((a) => a.when.map((c) => c.feature)))].filter(
    (name) => !names.has(name),
  );
}

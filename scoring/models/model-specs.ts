import { z } from 'zod';
import type { ScoreBand } from '../calibration/score-bands.ts';
import { featureNames, featureSetOf } from '../features/feature-set.ts';
import type { RawFeatureValues } from '../features/raw-table.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import { scoreTierRule, type TierRule, tierRuleSchema } from '../tiers/tier-rule.ts';
import { type BinaryModelArtifact, parseBinaryArtifact } from './binary-artifact.ts';
import { BinaryScorer } from './binary-scorer.ts';

/** A model to train and score, as in the `scoring.models` section of the configuration. */
export const modelSpecSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'model names are lower snake case, like "churn_risk"'),
  kind: z.enum(['lead', 'churn', 'ltv', 'nba']),
  entity: z.enum(['contact', 'account']),
  horizonDays: z.number().int().min(1).max(3650),
  enabled: z.boolean().default(true),
  /** Learner for lead/churn (default auto: the best of logistic, boosting and forest). */
  learner: z.enum(['auto', 'forest', 'boosting', 'logistic']).optional(),
  /** NBA action catalog (see nba-catalog.ts); default the built-in catalog. */
  actions: z.unknown().optional(),
  /** The model's own tier rule (fixed score bands or percentiles); default the configured bands. */
  tiers: tierRuleSchema.optional(),
});
export type ModelSpec = z.output<typeof modelSpecSchema>;

export const DEFAULT_MODEL_SPECS: readonly ModelSpec[] = [
  { name: 'lead_score', kind: 'lead', entity: 'contact', horizonDays: 90, enabled: true },
  { name: 'churn_risk', kind: 'churn', entity: 'account', horizonDays: 90, enabled: true },
  { name: 'lifetime_value', kind: 'ltv', entity: 'account', horizonDays: 365, enabled: true },
  { name: 'next_best_action', kind: 'nba', entity: 'contact', horizonDays: 30, enabled: true },
];

/** Specs from the configuration's `scoring.models` record (name -> {kind, entity, horizonDays, enabled}). */
export function specsFromConfig(models: Readonly<Record<string, unknown>>): ModelSpec[] {
  return Object.entries(models).map(([name, spec], i) => {
    const parsed = modelSpecSchema.safeParse({ name, ...(spec as object) });
    if (!parsed.success) {
      throw new Error(
        `scoring.models.${name} (#${i}): ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
      );
    }
    return parsed.data;
  });
}

/** A model's tier rule: its own, else fixed bands (the configuration's scoring.tiers). */
export function tierRuleOf(
  spec: Pick<ModelSpec, 'tiers'>,
  bands: readonly ScoreBand[] | undefined,
): TierRule {
  return spec.tiers ?? scoreTierRule(bands);
}

/** Order of training: LTV reads the churn model and NBA the lead/churn model, so those come first. */
export function trainingOrder(specs: readonly ModelSpec[]): ModelSpec[] {
  const rank = { lead: 0, churn: 1, ltv: 2, nba: 3 } as const;
  return [...specs].filter((s) => s.enabled).sort((a, b) => rank[a.kind] - rank[b.kind]);
}

/** The promoted lead or churn artifact of the first enabled spec of that kind. */
export function promotedBinary(
  registry: ModelRegistry,
  specs: readonly ModelSpec[],
  kind: 'lead' | 'churn',
): BinaryModelArtifact | null {
  const spec = specs.find((s) => s.kind === kind && s.enabled);
  const record = spec ? registry.promoted(spec.name) : null;
  return record ? parseBinaryArtifact(record.artifact, `model ${record.name} v${record.version}`) : null;
}

/** A function giving a binary model's probability from a raw feature row of its feature set. */
export function binaryProbe(artifact: BinaryModelArtifact): (values: RawFeatureValues) => number {
  const scorer = new BinaryScorer(artifact);
  const encoder = scorer.rowEncoder(featureNames(featureSetOf(artifact)));
  const buffer = new Float64Array(artifact.featureNames.length);
  return (values) => scorer.probabilityOfRow(encoder.encode(values, buffer));
}

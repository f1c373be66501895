import type { ScoreBand } from '../calibration/score-bands.ts';
import { type ModelSpec, tierRuleOf } from '../models/model-specs.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import type { PercentileCuts } from './percentile-cuts.ts';
import { tieringOfSummary } from './run-tiering.ts';
import { TierAssigner } from './tier-assigner.ts';
import type { TierRule } from './tier-rule.ts';

function sameRule(a: TierRule, b: TierRule): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The cut points of the model's latest scoring run, when that run used the same rule. They give
 * a full run its provisional tiers (so few rows need correcting) and single entities (API,
 * webhooks, `score --changed`) their final ones. Cut points of an earlier model version are used
 * until the promoted one has run: the probabilities of both are calibrated on the same scale.
 */
export function reusableCuts(registry: ModelRegistry, name: string, rule: TierRule): PercentileCuts | null {
  if (rule.by !== 'percentile') return null;
  const stored = tieringOfSummary(registry.latestRun(name)?.summary);
  return stored?.cuts && sameRule(stored.rule, rule) ? stored.cuts : null;
}

/** Tiers for one entity at a time, as the model's latest full scoring run would give them. */
export function storedTierAssigner(
  registry: ModelRegistry,
  spec: ModelSpec,
  bands: readonly ScoreBand[] | undefined,
): TierAssigner {
  const rule = tierRuleOf(spec, bands);
  return new TierAssigner(rule, reusableCuts(registry, spec.name, rule));
}

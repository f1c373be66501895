import type { Score, Tier } from '../../core/schema/index.ts';
import type { ScoreBand } from '../calibration/score-bands.ts';
import { type ModelSpec, tierRuleOf } from '../models/model-specs.ts';
import type { ModelRegistry } from '../registry/model-registry.ts';
import {
  type PercentileCuts,
  PopulationTiers,
  type RunTiering,
  rankKeyOf,
  reusableCuts,
  runTiering,
  type TierRule,
} from '../tiers/index.ts';

/**
 * One model's tiers over one scoring pass. A full pass ranks its whole population and settles the
 * tiers at the end; a partial pass (`score --changed`) tiers with the cut points of the last full run.
 */
export class PassTiers {
  readonly rule: TierRule;
  readonly partial: boolean;
  readonly #population: PopulationTiers;
  readonly #previous: PercentileCuts | null;
  readonly #asOf: string;

  constructor(rule: TierRule, previous: PercentileCuts | null, partial: boolean, asOf: string) {
    this.rule = rule;
    this.partial = partial;
    this.#previous = previous;
    this.#population = new PopulationTiers(rule, previous, { rank: !partial });
    this.#asOf = asOf;
  }

  /** Gives each score its tier (for percentiles, provisional until `settle`) and the run's as-of. */
  apply(scores: Score[]): void {
    for (const score of scores) {
      score.tier = this.#population.assign({
        value: score.value,
        key: rankKeyOf(score),
        id: score.entityId,
      });
      score.asOf = this.#asOf;
    }
  }

  /** Final counts, the tiering to store with the run, and the rows whose tier must be corrected. */
  settle(): { counts: Record<Tier, number>; tiering: RunTiering; changes: { id: string; tier: Tier }[] } {
    if (this.rule.by === 'score' || this.partial) {
      // A partial pass keeps the last full run's cut points: ranking a handful of changed entities
      // among themselves would hand out the shares within the handful.
      return {
        counts: this.#population.counts(),
        tiering: runTiering(this.rule, this.#previous, 'earlier_run'),
        changes: [],
      };
    }
    const settled = this.#population.settle();
    return {
      counts: settled.counts,
      tiering: runTiering(this.rule, settled.cuts, 'this_run'),
      changes: [...settled.changes],
    };
  }
}

/** A model's rule, and whether a partial pass can tier it (percentiles need earlier cut points). */
export function passTiersFor(
  registry: ModelRegistry,
  spec: ModelSpec,
  bands: readonly ScoreBand[],
  partial: boolean,
  asOf: string,
): PassTiers | null {
  const rule = tierRuleOf(spec, bands);
  const previous = reusableCuts(registry, spec.name, rule);
  if (partial && rule.by === 'percentile' && previous === null) return null;
  return new PassTiers(rule, previous, partial, asOf);
}

import type { Tier } from '../../core/schema/index.ts';
import { type PercentileCuts, percentileCuts, percentileTier } from './percentile-cuts.ts';
import { TierAssigner, type TierInput } from './tier-assigner.ts';
import type { TierRule } from './tier-rule.ts';

export interface TierChange {
  readonly id: string;
  readonly tier: Tier;
}

export interface SettledTiers {
  /** Cut points over this population (percentile rules only). */
  readonly cuts: PercentileCuts | null;
  readonly counts: Record<Tier, number>;
  /** Entities whose final tier differs from the one they were saved with. */
  readonly changes: readonly TierChange[];
}

const TIER_CODES: readonly Tier[] = ['low', 'medium', 'high'];

/**
 * Tiers of one model over a scoring pass that streams its population in batches. Each score gets
 * a tier at once (final for fixed bands; for percentiles, from the cut points the model's previous
 * run stored). When the whole population is in, `settle` ranks it, computes this run's cut points,
 * and lists the entities whose tier moved, so the caller corrects only those rows.
 */
export class PopulationTiers {
  readonly rule: TierRule;
  readonly #rank: boolean;
  readonly #provisional: TierAssigner;
  #keys = new Float64Array(1024);
  #given = new Uint8Array(1024);
  readonly #ids: string[] = [];
  readonly #counts: Record<Tier, number> = { low: 0, medium: 0, high: 0 };

  /** `rank: false` keeps the provisional tiers as final (a partial pass): nothing is remembered. */
  constructor(rule: TierRule, previousCuts: PercentileCuts | null, options: { rank?: boolean } = {}) {
    this.rule = rule;
    this.#rank = rule.by === 'percentile' && options.rank !== false;
    this.#provisional = new TierAssigner(rule, previousCuts);
  }

  /** The tier to save now; the entity is remembered for `settle`. */
  assign(input: TierInput): Tier {
    const tier = this.#provisional.tierOf(input);
    this.#counts[tier] += 1;
    if (this.#rank) this.#remember(input, tier);
    return tier;
  }

  #remember(input: TierInput, tier: Tier): void {
    const at = this.#ids.length;
    if (at === this.#keys.length) {
      const keys = new Float64Array(at * 2);
      keys.set(this.#keys);
      this.#keys = keys;
      const given = new Uint8Array(at * 2);
      given.set(this.#given);
      this.#given = given;
    }
    this.#keys[at] = input.key;
    this.#given[at] = TIER_CODES.indexOf(tier);
    this.#ids.push(input.id);
  }

  get scored(): number {
    return this.#counts.low + this.#counts.medium + this.#counts.high;
  }

  /** Tiers as assigned so far (final for fixed bands and partial passes). */
  counts(): Record<Tier, number> {
    return { ...this.#counts };
  }

  settle(): SettledTiers {
    if (!this.#rank || this.rule.by !== 'percentile')
      return { cuts: null, counts: this.counts(), changes: [] };
    const n = this.#ids.length;
    const keys = this.#keys.subarray(0, n);
    const cuts = percentileCuts(keys, this.#ids, this.rule);
    const counts: Record<Tier, number> = { low: 0, medium: 0, high: 0 };
    const changes: TierChange[] = [];
    for (let i = 0; i < n; i++) {
      const id = this.#ids[i]!;
      const tier = percentileTier(keys[i]!, id, cuts);
      counts[tier] += 1;
      if (TIER_CODES[this.#given[i]!] !== tier) changes.push({ id, tier });
    }
    return { cuts, counts, changes };
  }
}

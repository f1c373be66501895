/**
 * Beta-Bernoulli Thompson sampling over an action catalog (Chapelle & Li 2011), optionally per
 * customer segment: each (segment, action) keeps a Beta posterior on its success rate; a
 * decision draws one rate per eligible action and plays the best draw net of cost. Every
 * decision carries a Monte-Carlo estimate of its propensity so the resulting log supports
 * off-policy evaluation.
 */
import { deriveSeed, Rng } from '../learners/rng.ts';
import { sampleBeta } from './beta-sampler.ts';
import { eligibleActions, findAction, validateCatalog } from './catalog.ts';
import type { Action, Decision, LoggedDecision } from './types.ts';

export interface ThompsonOptions<Ctx> {
  readonly seed: number;
  /** Beta prior pseudo-counts; 1 / 1 is uniform. */
  readonly priorSuccesses?: number;
  readonly priorFailures?: number;
  /** Separate posteriors per segment (e.g. a lead-score band). Default: one segment. */
  readonly segmentOf?: (context: Ctx) => string;
  /** Extra posterior draws used to estimate the propensity of each decision. Default 1000. */
  readonly propensityDraws?: number;
}

export interface ArmPosterior {
  readonly segment: string;
  readonly actionId: string;
  readonly successes: number;
  readonly failures: number;
  /** Posterior mean success rate. */
  readonly mean: number;
}

const ALL = 'all';

export class ThompsonSampling<Ctx> {
  private readonly catalog: readonly Action<Ctx>[];
  private readonly options: ThompsonOptions<Ctx>;
  private readonly decisionRng: Rng;
  private readonly propensityRng: Rng;
  private readonly counts = new Map<string, { successes: number; failures: number }>();

  constructor(catalog: readonly Action<Ctx>[], options: ThompsonOptions<Ctx>) {
    validateCatalog(catalog);
    this.catalog = catalog;
    this.options = options;
    // Separate streams so changing propensityDraws never changes which actions are played.
    this.decisionRng = new Rng(deriveSeed(options.seed, 0));
    this.propensityRng = new Rng(deriveSeed(options.seed, 1));
  }

  choose(context: Ctx): Decision {
    const candidates = eligibleActions(this.catalog, context);
    if (candidates.length === 0) {
      throw new Error(
        'ThompsonSampling.choose: no action is eligible; add an always-eligible no-op to the catalog',
      );
    }
    const segment = this.segment(context);
    const chosen = this.bestDraw(candidates, segment, this.decisionRng);
    const draws = this.options.propensityDraws ?? 1000;
    let wins = 1; // the draw that produced this decision counts as one
    for (let d = 0; d < draws; d++)
      if (this.bestDraw(candidates, segment, this.propensityRng) === chosen) wins++;
    return { actionId: chosen.id, propensity: wins / (draws + 1) };
  }

  /** Records an outcome; rewards in [0, 1] (fractional rewards count as partial successes). */
  update(context: Ctx, actionId: string, reward: number): void {
    findAction(this.catalog, actionId);
    if (!(reward >= 0 && reward <= 1)) {
      throw new RangeError(
        `ThompsonSampling.update: reward must be in [0, 1] for a Beta-Bernoulli model, got ${reward}`,
      );
    }
    const key = this.key(this.segment(context), actionId);
    const entry = this.counts.get(key) ?? { successes: 0, failures: 0 };
    entry.successes += reward;
    entry.failures += 1 - reward;
    this.counts.set(key, entry);
  }

  /** Replays logged outcomes into the posteriors (propensities are not needed to learn). */
  learnFromLog(log: readonly LoggedDecision<Ctx>[]): void {
    log.forEach((row, index) => {
      try {
        this.update(row.context, row.action, row.reward);
      } catch (error) {
        throw new Error(`decision log row #${index}: ${(error as Error).message}`);
      }
    });
  }

  posterior(segment: string = ALL): ArmPosterior[] {
    return this.catalog.map((action) => {
      const { alpha, beta } = this.betaParameters(segment, action.id);
      const entry = this.counts.get(this.key(segment, action.id)) ?? { successes: 0, failures: 0 };
      return { segment, actionId: action.id, ...entry, mean: alpha / (alpha + beta) };
    });
  }

  private bestDraw(candidates: readonly Action<Ctx>[], segment: string, rng: Rng): Action<Ctx> {
    let best = candidates[0]!;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const action of candidates) {
      const { alpha, beta } = this.betaParameters(segment, action.id);
      const score = sampleBeta(rng, alpha, beta) - (action.cost ?? 0);
      if (score > bestScore) {
        bestScore = score;
        best = action;
      }
    }
    return best;
  }

  private betaParameters(segment: string, actionId: string): { alpha: number; beta: number } {
    const entry = this.counts.get(this.key(segment, actionId));
    return {
      alpha: (this.options.priorSuccesses ?? 1) + (entry?.successes ?? 0),
      beta: (this.options.priorFailures ?? 1) + (entry?.failures ?? 0),
    };
  }

  private segment(context: Ctx): string {
    return this.options.segmentOf ? this.options.segmentOf(context) : ALL;
  }

  private key(segment: string, actionId: string): string {
    return `${segment}\u0000${actionId}`;
  }
}

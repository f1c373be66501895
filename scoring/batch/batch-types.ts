import type { Tier } from '../../core/schema/index.ts';
import type { DriftReport } from '../registry/drift.ts';

export interface ModelRef<A> {
  /** Registry name, e.g. "churn_risk"; scores are stored under it. */
  readonly name: string;
  readonly version: string;
  readonly artifact: A;
}

export interface BatchScoreResult {
  readonly model: string;
  readonly scored: number;
  readonly tiers: Readonly<Record<Tier, number>>;
  /** Scores per 10-point band, 0–9 … 90–100. */
  readonly histogram: readonly number[];
  /** PSI of every feature and of the score, this run against the model's training baselines. */
  readonly drift: DriftReport;
  /** Seconds in the model (predict + explain + reasons). */
  readonly seconds: { readonly model: number };
}

export interface LtvScoreResult {
  readonly model: string;
  readonly scored: number;
  readonly tiers: Readonly<Record<Tier, number>>;
  readonly histogram: readonly number[];
  readonly totalAmount: number;
}

export interface NbaScoreResult {
  readonly model: string;
  readonly scored: number;
  readonly actions: Readonly<Record<string, number>>;
  readonly tiers: Readonly<Record<Tier, number>>;
}

export const emptyTiers = (): Record<Tier, number> => ({ low: 0, medium: 0, high: 0 });

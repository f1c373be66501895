import type { ResolvedEvent } from '../../core/schema/index.ts';
import { customerSinceMs } from '../features/customer-timeline.ts';
import { evaluatorFor } from '../features/entity-features.ts';
import {
  builtinFeatureSet,
  type FeatureSet,
  featureNames,
  featureSetFromSpec,
  featureSetOf,
} from '../features/feature-set.ts';
import { expandEventNames } from '../features/plan/event-names.ts';
import type { RawFeatureValues } from '../features/raw-table.ts';
import type { FeatureBatch } from '../features/rows/feature-engine.ts';
import type { AccountSnapshot } from '../features/snapshot.ts';
import { DAY_MS, instantMs } from '../features/time.ts';
import { inChurnPopulation } from '../labels/populations.ts';
import type { BinaryModelArtifact } from './binary-artifact.ts';
import { BinaryScorer } from './binary-scorer.ts';
import type { LtvAccountFacts } from './ltv-model.ts';

const WEEK_MS = 7 * DAY_MS;

/** The account's MRR as of the cutoff, subscription-aware (the built-in `mrr` feature). */
const MRR_FEATURE = 'mrr';

let mrrSet: FeatureSet | undefined;

/** A feature set holding only the built-in `mrr`: every LTV row reads it, whatever the churn model's set. */
export function mrrFeatureSet(): FeatureSet {
  if (!mrrSet) {
    const builtin = builtinFeatureSet('account');
    mrrSet = featureSetFromSpec('account', 'account.mrr', {
      vocabulary: builtin.spec.vocabulary,
      definitions: { [MRR_FEATURE]: builtin.spec.definitions[MRR_FEATURE]! },
    });
  }
  return mrrSet;
}

/** Stored names of purchase events under the built-in vocabulary (plus aliases). */
export function purchaseNames(set: FeatureSet = builtinFeatureSet('account')): string[] {
  return [...(expandEventNames('purchase', set.spec.vocabulary) ?? ['purchase'])];
}

/** Purchase days before the cutoff, as the SQL path reports them (features/sql/purchase-history.ts). */
export interface PurchaseHistory {
  readonly days: number;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly repeatTotal: number;
}

/** RFM in weeks from purchase days before the cutoff; same-day purchases count as one, as in BTYD. */
export function rfmOf(history: PurchaseHistory, cutoffMs: number) {
  const { days, firstDay, lastDay, repeatTotal } = history;
  if (days === 0) return { frequency: 0, recency: 0, age: 0, monetaryValue: 0, purchases: 0 };
  return {
    frequency: days - 1,
    recency: ((lastDay - firstDay) * DAY_MS) / WEEK_MS,
    age: (cutoffMs - firstDay * DAY_MS) / WEEK_MS,
    monetaryValue: days > 1 ? repeatTotal / (days - 1) : 0,
    purchases: days,
  };
}

/** Purchase days of events (one entity, in process), as PurchaseHistory. */
export function purchaseHistoryOf(
  events: readonly ResolvedEvent[],
  names: readonly string[],
  cutoffMs: number,
): PurchaseHistory {
  const wanted = new Set(names);
  const byDay = new Map<number, number>();
  for (const event of events) {
    if (!wanted.has(event.type)) continue;
    const at = instantMs(event.occurredAt);
    if (!(at < cutoffMs)) continue;
    const day = Math.floor(at / DAY_MS);
    byDay.set(day, (byDay.get(day) ?? 0) + (event.value ?? 0));
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  if (days.length === 0) return { days: 0, firstDay: Number.NaN, lastDay: Number.NaN, repeatTotal: 0 };
  return {
    days: days.length,
    firstDay: days[0]!,
    lastDay: days[days.length - 1]!,
    repeatTotal: days.slice(1).reduce((sum, day) => sum + byDay.get(day)!, 0),
  };
}

export interface LtvRow {
  readonly facts: LtvAccountFacts;
  /** Revenue in (cutoff, cutoff + window] when the window is observed, else NaN. */
  readonly actual: number;
}

/** LTV population: paying subscribers, and accounts that have bought without a subscription. */
export function isLtvMember(
  inChurn: boolean,
  facts: LtvAccountFacts,
  churnedAtMs: number,
  cutoffMs: number,
): boolean {
  return inChurn || (!(facts.mrr > 0) && facts.purchases > 0 && !(churnedAtMs < cutoffMs));
}

/** A churn model ready to score account feature rows, and the feature set they come from. */
export interface ChurnProbe {
  readonly featureSet: FeatureSet;
  probability(values: RawFeatureValues): number;
}

export function churnProbe(artifact: BinaryModelArtifact): ChurnProbe {
  const scorer = new BinaryScorer(artifact);
  const featureSet = featureSetOf(artifact);
  const encoder = scorer.rowEncoder(featureNames(featureSet));
  const buffer = new Float64Array(artifact.featureNames.length);
  return { featureSet, probability: (values) => scorer.probabilityOfRow(encoder.encode(values, buffer)) };
}

/** LTV facts of one account in process (the API): the same facts batch scoring reads with SQL. */
export function ltvFactsAt(
  snapshot: AccountSnapshot,
  cutoffMs: number,
  churn: ChurnProbe | null,
): LtvAccountFacts {
  const names = purchaseNames(churn?.featureSet);
  const [mrr] = evaluatorFor(mrrFeatureSet()).values(snapshot, cutoffMs);
  let churnProbability = Number.NaN;
  if (churn && inChurnPopulation(snapshot, cutoffMs))
    churnProbability = churn.probability(evaluatorFor(churn.featureSet).values(snapshot, cutoffMs));
  return {
    accountId: snapshot.id,
    ...rfmOf(purchaseHistoryOf(snapshot.events, names, cutoffMs), cutoffMs),
    mrr: typeof mrr === 'number' ? mrr : Number.NaN,
    churnProbability,
  };
}

/** Whether an account is in the LTV population at the cutoff, with its facts (in process). */
export function inLtvPopulation(
  snapshot: AccountSnapshot,
  cutoffMs: number,
  facts: LtvAccountFacts,
): boolean {
  return isLtvMember(
    inChurnPopulation(snapshot, cutoffMs),
    facts,
    instantMs(snapshot.account.churnedAt),
    cutoffMs,
  );
}

/** Facts of the rows of a feature batch (an `ltv` population query with purchase history). */
export function ltvFactsOfBatch(
  batch: FeatureBatch,
  cutoffMs: (row: number) => number,
  mrrColumn: number,
  churnProbability: (row: number) => number,
): LtvAccountFacts[] {
  const days = batch.extras.ltv_days as Float64Array;
  const firstDay = batch.extras.ltv_first_day as Float64Array;
  const lastDay = batch.extras.ltv_last_day as Float64Array;
  const repeat = batch.extras.ltv_repeat_total as Float64Array;
  const mrr = batch.table.numbers[mrrColumn]!;
  return Array.from({ length: batch.rowCount }, (_, i) => ({
    accountId: batch.entityIds[i]!,
    ...rfmOf(
      { days: days[i]!, firstDay: firstDay[i]!, lastDay: lastDay[i]!, repeatTotal: repeat[i]! },
      cutoffMs(i),
    ),
    mrr: mrr[i]!,
    churnProbability: churnProbability(i),
  }));
}

export interface Tenure {
  readonly sinceMs: number;
  /** NaN while still a customer. */
  readonly churnedAtMs: number;
}

/** Tenure of an account in process (see features/sql/relations.ts for the SQL path). */
export function tenureOf(snapshot: AccountSnapshot): Tenure | null {
  const sinceMs = customerSinceMs(snapshot.account, snapshot.deals);
  return Number.isNaN(sinceMs) ? null : { sinceMs, churnedAtMs: instantMs(snapshot.account.churnedAt) };
}

/** Revenue actually received in (from, to]. */
export function revenueBetween(
  list: readonly { at: number; amount: number }[],
  fromMs: number,
  toMs: number,
): number {
  let total = 0;
  for (const p of list) if (p.at > fromMs && p.at <= toMs) total += p.amount;
  return total;
}

/** Monthly churn hazard of subscribers over the year before `cutoffMs`: churns per customer-month. */
export function baselineMonthlyChurn(snapshots: readonly Tenure[], cutoffMs: number): number {
  const from = cutoffMs - 365 * DAY_MS;
  let months = 0;
  let churns = 0;
  for (const s of snapshots) {
    const start = Math.max(from, s.sinceMs);
    const end = Math.min(cutoffMs, Number.isNaN(s.churnedAtMs) ? cutoffMs : s.churnedAtMs);
    if (!(end > start)) continue;
    months += (end - start) / (30.4375 * DAY_MS);
    if (s.churnedAtMs >= from && s.churnedAtMs < cutoffMs) churns += 1;
  }
  return months > 0 ? Math.min(1, churns / months) : 0.02;
}

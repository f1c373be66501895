import type { ResolvedEvent } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';
import { accountFeatureSet } from '../features/account-features.ts';
import { customerSinceMs } from '../features/customer-timeline.ts';
import { viewAt } from '../features/point-in-time.ts';
import { computeFeatures } from '../features/raw-table.ts';
import type { AccountSnapshot } from '../features/snapshot.ts';
import { walkSnapshots } from '../features/snapshot.ts';
import { DAY_MS, instantMs, isoOf } from '../features/time.ts';
import { inChurnPopulation } from '../labels/populations.ts';
import type { BinaryScorer } from './binary-scorer.ts';
import type { LtvAccountFacts } from './ltv-model.ts';

const WEEK_MS = 7 * DAY_MS;

function purchases(events: readonly ResolvedEvent[]): { at: number; amount: number }[] {
  return events
    .filter((e) => e.type === 'purchase')
    .map((e) => ({ at: instantMs(e.occurredAt), amount: e.value ?? 0 }));
}

/** RFM in weeks from purchases strictly before the cutoff; same-day purchases count as one, as in BTYD. */
function rfmAt(list: readonly { at: number; amount: number }[], cutoffMs: number) {
  const byDay = new Map<number, number>();
  for (const p of list) {
    if (!(p.at < cutoffMs)) continue;
    const day = Math.floor(p.at / DAY_MS);
    byDay.set(day, (byDay.get(day) ?? 0) + p.amount);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  if (days.length === 0) return { frequency: 0, recency: 0, age: 0, monetaryValue: 0, purchases: 0 };
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const repeatValue = days.slice(1).reduce((sum, day) => sum + byDay.get(day)!, 0);
  return {
    frequency: days.length - 1,
    recency: ((last - first) * DAY_MS) / WEEK_MS,
    age: (cutoffMs - first * DAY_MS) / WEEK_MS,
    monetaryValue: days.length > 1 ? repeatValue / (days.length - 1) : 0,
    purchases: days.length,
  };
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

export interface LtvRow {
  readonly facts: LtvAccountFacts;
  /** Revenue in (cutoff, cutoff + window] when the window is observed, else NaN. */
  readonly actual: number;
}

/** LTV population: paying subscribers, and accounts that have bought without a subscription. */
export function inLtvPopulation(
  snapshot: AccountSnapshot,
  cutoffMs: number,
  facts: LtvAccountFacts,
): boolean {
  return (
    inChurnPopulation(snapshot, cutoffMs) ||
    (!(facts.mrr > 0) && facts.purchases > 0 && !(instantMs(snapshot.account.churnedAt) < cutoffMs))
  );
}

/** A churn model ready to score account feature rows (encoder and buffer built once). */
export interface ChurnProbe {
  probability(values: ReturnType<typeof computeFeatures>): number;
}

export function churnProbe(scorer: BinaryScorer): ChurnProbe {
  const encoder = scorer.rowEncoder(accountFeatureSet.definitions.map((d) => d.descriptor.name));
  const buffer = new Float64Array(scorer.artifact.featureNames.length);
  return { probability: (values) => scorer.probabilityOfRow(encoder.encode(values, buffer)) };
}

export function ltvFactsAt(
  snapshot: AccountSnapshot,
  cutoffMs: number,
  churn: ChurnProbe | null,
): LtvAccountFacts {
  const view = viewAt(snapshot, cutoffMs);
  let churnProbability = Number.NaN;
  if (churn && inChurnPopulation(snapshot, cutoffMs))
    churnProbability = churn.probability(computeFeatures(accountFeatureSet, view));
  return {
    accountId: snapshot.id,
    ...rfmAt(purchases(snapshot.events), cutoffMs),
    mrr: view.profile.mrr,
    churnProbability,
  };
}

/**
 * LTV rows at each cutoff in one walk of the accounts: facts strictly before the cutoff, and the
 * revenue of the following `windowDays` when it lies before `observedUntilMs`.
 */
export async function collectLtvRows(
  store: CanonicalStore,
  cutoffs: readonly number[],
  options: {
    observedUntilMs: number;
    windowDays: number;
    churn: ChurnProbe | null;
    pageSize?: number;
    onProgress?: (done: number) => void;
  },
): Promise<{ rows: LtvRow[][]; tenures: Tenure[] }> {
  const out: LtvRow[][] = cutoffs.map(() => []);
  const tenures: Tenure[] = [];
  let done = 0;
  const walk = walkSnapshots(store, 'account', {
    before: isoOf(options.observedUntilMs),
    pageSize: options.pageSize ?? 500,
  });
  for await (const page of walk) {
    for (const snapshot of page) {
      if (snapshot.entityType !== 'account') continue;
      const list = purchases(snapshot.events);
      const sinceMs = customerSinceMs(snapshot.account, snapshot.deals);
      if (!Number.isNaN(sinceMs))
        tenures.push({ sinceMs, churnedAtMs: instantMs(snapshot.account.churnedAt) });
      cutoffs.forEach((cutoffMs, c) => {
        const facts = ltvFactsAt(snapshot, cutoffMs, options.churn);
        if (!inLtvPopulation(snapshot, cutoffMs, facts)) return;
        const end = cutoffMs + options.windowDays * DAY_MS;
        out[c]!.push({
          facts,
          actual: end <= options.observedUntilMs ? revenueBetween(list, cutoffMs, end) : Number.NaN,
        });
      });
    }
    done += page.length;
    options.onProgress?.(done);
  }
  return { rows: out, tenures };
}

export interface Tenure {
  readonly sinceMs: number;
  /** NaN while still a customer. */
  readonly churnedAtMs: number;
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

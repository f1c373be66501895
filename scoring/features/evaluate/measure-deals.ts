import type { Deal } from '../../../core/schema/index.ts';
import { existedSinceMs } from '../customer-timeline.ts';
import type { DealMeasure, DealState, FeaturePlan, Scope } from '../plan/ir.ts';
import { instantMs } from '../time.ts';
import type { MeasureValue } from './measure-events.ts';

/**
 * A deal's state at the cutoff: absent when created at or after it; closed only if it closed
 * before it (a deal closed without a close date counts as closed when last updated).
 */
export function dealStateAt(deal: Deal, cutoffMs: number): Exclude<DealState, 'any'> | null {
  if (!(existedSinceMs(deal) < cutoffMs)) return null;
  if (deal.status === 'open') return 'open';
  const closed = instantMs(deal.closedAt);
  const closedBefore = Number.isNaN(closed) ? instantMs(deal.updatedAt) < cutoffMs : closed < cutoffMs;
  return closedBefore ? deal.status : 'open';
}

function aggregate(measure: DealMeasure, deals: readonly Deal[], cutoffMs: number): MeasureValue {
  let n = 0;
  let total = 0;
  let known = 0;
  let extreme = Number.NaN;
  for (const deal of deals) {
    const state = dealStateAt(deal, cutoffMs);
    if (state === null || (measure.state !== 'any' && state !== measure.state)) continue;
    n += 1;
    if (measure.agg === 'last_created_at' || measure.agg === 'first_created_at') {
      const created = existedSinceMs(deal);
      const better = measure.agg === 'last_created_at' ? created > extreme : created < extreme;
      if (Number.isNaN(extreme) || better) extreme = created;
      continue;
    }
    const amount = deal.amount;
    if (amount === null || !Number.isFinite(amount)) continue;
    known += 1;
    total += amount;
    if (measure.agg === 'min' && (Number.isNaN(extreme) || amount < extreme)) extreme = amount;
    if (measure.agg === 'max' && (Number.isNaN(extreme) || amount > extreme)) extreme = amount;
  }
  switch (measure.agg) {
    case 'count':
      return n;
    case 'sum':
      return total;
    case 'avg':
      return known > 0 ? total / known : Number.NaN;
    default:
      return extreme;
  }
}

/** Every deal measure of one scope over `deals`, written to `out` at the measures' ids. */
export function measureDeals(
  plan: FeaturePlan,
  scope: Scope,
  deals: readonly Deal[],
  cutoffMs: number,
  out: MeasureValue[],
): void {
  plan.measures.forEach((measure, id) => {
    if (measure.source === 'deals' && measure.scope === scope) out[id] = aggregate(measure, deals, cutoffMs);
  });
}

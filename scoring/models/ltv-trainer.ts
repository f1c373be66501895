import { z } from 'zod';
import type { FeatureEngine } from '../features/rows/feature-engine.ts';
import { DAY_MS, isoOf, parseCutoff } from '../features/time.ts';
import { mae, rmse } from '../metrics/regression.ts';
import type { BinaryModelArtifact } from './binary-artifact.ts';
import type { ProgressCallback } from './binary-options.ts';
import { baselineMonthlyChurn, type LtvRow } from './ltv-facts.ts';
import { fitBtyd, type LtvMethod, type LtvParams, predictLtv } from './ltv-model.ts';
import { collectLtvRows } from './ltv-rows.ts';

export const ltvTrainSettingsSchema = z.strictObject({
  horizonDays: z.number().int().min(30).max(3650).default(365),
  /** Days of realised revenue the holdout compares predictions with (at most the horizon). */
  evaluationDays: z.number().int().min(30).max(3650).default(180),
  monthlyDiscountRate: z.number().min(0).max(1).default(0.01),
  pageSize: z.number().int().min(1).max(10_000).default(500),
});

export interface LtvTrainOptions extends z.input<typeof ltvTrainSettingsSchema> {
  readonly asOf: string | Date;
  /** The promoted churn model, whose probabilities set each subscriber's survival. */
  readonly churn?: BinaryModelArtifact | null;
  readonly onProgress?: ProgressCallback;
}

export interface LtvArtifact {
  readonly kind: 'ltv';
  readonly horizonDays: number;
  readonly params: LtvParams;
  /** Predicted amounts at the holdout cutoff, percentiles 0..100: maps an amount to a 0–100 value. */
  readonly valueQuantiles: readonly number[];
}

export interface LtvMetrics {
  readonly rows: number;
  readonly byMethod: Readonly<Record<LtvMethod, number>>;
  readonly evaluationDays: number;
  readonly holdoutCutoff: string;
  readonly mae: number;
  readonly rmse: number;
  /** Sum of predictions over sum of realised revenue (1 = right in total). */
  readonly totalRatio: number;
  readonly spearman: number;
  /** Share of realised revenue held by the top 10 % of predictions. */
  readonly topDecileShare: number;
}

export interface TrainedLtvModel {
  readonly artifact: LtvArtifact;
  readonly metrics: LtvMetrics;
  /** Holdout facts and realised revenue, for re-scoring a champion on the same rows. */
  readonly holdout: readonly LtvRow[];
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && order[end + 1]![0] === order[k]![0]) end++;
    for (let m = k; m <= end; m++) out[order[m]![1]] = (k + end) / 2;
    k = end + 1;
  }
  return out;
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (ra.length - 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    cov += (ra[i]! - mean) * (rb[i]! - mean);
    va += (ra[i]! - mean) ** 2;
    vb += (rb[i]! - mean) ** 2;
  }
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Number.NaN;
}

/** Quality of LTV predictions against realised revenue over the evaluation window. */
export function ltvMetrics(
  rows: readonly LtvRow[],
  params: LtvParams,
  evaluationDays: number,
  holdoutCutoff: string,
): LtvMetrics {
  const predicted = rows.map((row) => predictLtv(row.facts, params, evaluationDays));
  const p = predicted.map((x) => x.amount);
  const y = rows.map((row) => row.actual);
  const byMethod: Record<LtvMethod, number> = { subscription: 0, btyd: 0, none: 0 };
  for (const x of predicted) byMethod[x.method] += 1;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  const top = order.slice(0, Math.max(1, Math.round(order.length / 10)));
  const total = y.reduce((s, v) => s + v, 0);
  const empty = rows.length === 0;
  return {
    rows: rows.length,
    byMethod,
    evaluationDays,
    holdoutCutoff,
    mae: empty ? Number.NaN : mae(y, p),
    rmse: empty ? Number.NaN : rmse(y, p),
    totalRatio: total > 0 ? p.reduce((s, v) => s + v, 0) / total : Number.NaN,
    spearman: empty ? Number.NaN : spearman(p, y),
    topDecileShare: total > 0 ? top.reduce((s, [, i]) => s + y[i]!, 0) / total : Number.NaN,
  };
}

function quantiles(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [0];
  return Array.from(
    { length: 101 },
    (_, q) => sorted[Math.min(sorted.length - 1, Math.floor((q / 100) * (sorted.length - 1)))]!,
  );
}

/**
 * Lifetime value over `horizonDays` for every paying account: subscribers by MRR × survival (from the
 * churn model), transactional buyers by BG/NBD + Gamma-Gamma. Validated by predicting the last
 * `evaluationDays` from data before them; the shipped parameters are refitted on all data to as-of.
 */
export async function trainLtvModel(fe: FeatureEngine, options: LtvTrainOptions): Promise<TrainedLtvModel> {
  const settings = ltvTrainSettingsSchema.parse({
    ...(options.horizonDays === undefined ? {} : { horizonDays: options.horizonDays }),
    ...(options.evaluationDays === undefined ? {} : { evaluationDays: options.evaluationDays }),
    ...(options.monthlyDiscountRate === undefined
      ? {}
      : { monthlyDiscountRate: options.monthlyDiscountRate }),
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  const asOfMs = parseCutoff(options.asOf, 'LTV training as-of');
  const evaluationDays = Math.min(settings.evaluationDays, settings.horizonDays);
  const holdoutMs = asOfMs - evaluationDays * DAY_MS;
  const { rows, tenures } = await collectLtvRows(fe, [holdoutMs, asOfMs], {
    observedUntilMs: asOfMs,
    windowDays: evaluationDays,
    churn: options.churn ?? null,
    onProgress: (done, total) => options.onProgress?.('ltv: purchase histories', done, total),
  });
  const [holdout, current] = [rows[0]!, rows[1]!];
  const common = {
    churnHorizonDays: options.churn?.horizonDays ?? 90,
    monthlyDiscountRate: settings.monthlyDiscountRate,
  };
  const evaluationParams: LtvParams = {
    ...fitBtyd(holdout.map((r) => r.facts)),
    baselineMonthlyChurn: baselineMonthlyChurn(tenures, holdoutMs),
    ...common,
  };
  const params: LtvParams = {
    ...fitBtyd(current.map((r) => r.facts)),
    baselineMonthlyChurn: baselineMonthlyChurn(tenures, asOfMs),
    ...common,
  };
  const holdoutAmounts = holdout.map((r) => predictLtv(r.facts, params, settings.horizonDays).amount);
  return {
    artifact: {
      kind: 'ltv',
      horizonDays: settings.horizonDays,
      params,
      valueQuantiles: quantiles(holdoutAmounts),
    },
    metrics: ltvMetrics(holdout, evaluationParams, evaluationDays, isoOf(holdoutMs)),
    holdout,
  };
}

/** Maps an LTV amount to 0–100 by where it falls among the holdout's predicted amounts. */
export function ltvValue(amount: number, valueQuantiles: readonly number[]): number {
  let q = 0;
  while (q < valueQuantiles.length - 1 && amount > valueQuantiles[q + 1]!) q++;
  return Math.min(100, Math.max(0, Math.round((q * 100) / Math.max(1, valueQuantiles.length - 1))));
}

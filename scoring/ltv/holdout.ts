/**
 * Holdout validation of a fitted BG/NBD model, as recommended by Fader, Hardie & Lee: compare
 * predicted and actual repeat purchases in a holdout window, in total, per customer and
 * grouped by calibration frequency (the paper's conditional-expectation plot).
 */
import { bgNbdConditionalExpectedPurchases } from './bgnbd.ts';
import type { BgNbdParams, CustomerHistory } from './types.ts';

export interface HoldoutCustomer extends CustomerHistory {
  readonly holdoutPurchases: number;
}

export interface FrequencyGroup {
  /** Calibration frequency x, or `${cap}+` for the last, open group. */
  readonly frequency: string;
  readonly customers: number;
  readonly actualMean: number;
  readonly predictedMean: number;
}

export interface HoldoutReport {
  readonly customers: number;
  readonly actualTotal: number;
  readonly predictedTotal: number;
  /** (predicted − actual) / actual. */
  readonly relativeError: number;
  readonly meanAbsoluteError: number;
  readonly rootMeanSquaredError: number;
  readonly byFrequency: readonly FrequencyGroup[];
}

export function compareHoldout(
  params: BgNbdParams,
  customers: readonly HoldoutCustomer[],
  holdoutLength: number,
  frequencyCap = 7,
): HoldoutReport {
  const groups = Array.from({ length: frequencyCap + 1 }, () => ({ n: 0, actual: 0, predicted: 0 }));
  let actualTotal = 0;
  let predictedTotal = 0;
  let absolute = 0;
  let squared = 0;
  for (const customer of customers) {
    const predicted = bgNbdConditionalExpectedPurchases(params, holdoutLength, customer);
    const actual = customer.holdoutPurchases;
    actualTotal += actual;
    predictedTotal += predicted;
    absolute += Math.abs(predicted - actual);
    squared += (predicted - actual) ** 2;
    const group = groups[Math.min(customer.frequency, frequencyCap)]!;
    group.n++;
    group.actual += actual;
    group.predicted += predicted;
  }
  const n = customers.length;
  return {
    customers: n,
    actualTotal,
    predictedTotal,
    relativeError: (predictedTotal - actualTotal) / actualTotal,
    meanAbsoluteError: absolute / n,
    rootMeanSquaredError: Math.sqrt(squared / n),
    byFrequency: groups.map((g, x) => ({
      frequency: x < frequencyCap ? String(x) : `${frequencyCap}+`,
      customers: g.n,
      actualMean: g.n > 0 ? g.actual / g.n : Number.NaN,
      predictedMean: g.n > 0 ? g.predicted / g.n : Number.NaN,
    })),
  };
}

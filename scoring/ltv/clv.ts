/**
 * Customer lifetime value over a finite horizon: expected purchases per period from BG/NBD
 * times expected value per purchase from Gamma-Gamma, discounted per period. Same
 * construction as lifetimes' `customer_lifetime_value`.
 */
import { bgNbdConditionalExpectedPurchases } from './bgnbd.ts';
import { gammaGammaConditionalExpectedValue } from './gamma-gamma.ts';
import type { BgNbdParams, CustomerHistory, GammaGammaParams } from './types.ts';

export interface ClvOptions {
  /** Number of discounting periods, e.g. 12 for a one-year horizon in months. */
  readonly horizonPeriods: number;
  /** Length of one period in the model's time unit, e.g. 4.345 weeks per month. */
  readonly periodLength: number;
  /** Discount rate per period, e.g. 0.01 per month. */
  readonly discountRatePerPeriod: number;
  /** Share of revenue that is profit; 1 gives revenue CLV. */
  readonly margin?: number;
}

export interface ClvCustomer extends CustomerHistory {
  /** Mean value of the repeat purchases; ignored when frequency is 0. */
  readonly monetaryValue: number;
}

export function customerLifetimeValue(
  purchaseModel: BgNbdParams,
  spendModel: GammaGammaParams,
  customer: ClvCustomer,
  options: ClvOptions,
): number {
  const { horizonPeriods, periodLength, discountRatePerPeriod } = options;
  if (!(Number.isInteger(horizonPeriods) && horizonPeriods > 0)) {
    throw new RangeError(
      `customerLifetimeValue: horizonPeriods must be a positive integer, got ${horizonPeriods}`,
    );
  }
  if (!(periodLength > 0)) {
    throw new RangeError(`customerLifetimeValue: periodLength must be > 0, got ${periodLength}`);
  }
  if (!(discountRatePerPeriod > -1)) {
    throw new RangeError(
      `customerLifetimeValue: discountRatePerPeriod must be > -1, got ${discountRatePerPeriod}`,
    );
  }
  const valuePerPurchase = gammaGammaConditionalExpectedValue(spendModel, customer) * (options.margin ?? 1);
  let clv = 0;
  let purchasesSoFar = 0;
  for (let period = 1; period <= horizonPeriods; period++) {
    const cumulative = bgNbdConditionalExpectedPurchases(purchaseModel, period * periodLength, customer);
    clv += ((cumulative - purchasesSoFar) * valuePerPurchase) / (1 + discountRatePerPeriod) ** period;
    purchasesSoFar = cumulative;
  }
  return clv;
}

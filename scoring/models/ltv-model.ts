import { z } from 'zod';
import { bgNbdConditionalExpectedPurchases, fitBgNbd } from '../ltv/bgnbd.ts';
import {
  fitGammaGamma,
  gammaGammaConditionalExpectedValue,
  gammaGammaPopulationMean,
} from '../ltv/gamma-gamma.ts';
import type { BgNbdParams, GammaGammaParams } from '../ltv/types.ts';

export const DAYS_PER_MONTH = 30.4375;
const DAYS_PER_WEEK = 7;

/** One account's purchase history at a cutoff, in weeks (BG/NBD notation), plus subscription facts. */
export interface LtvAccountFacts {
  readonly accountId: string;
  /** Repeat purchase days, time from first to last purchase, and from first purchase to the cutoff (weeks). */
  readonly frequency: number;
  readonly recency: number;
  readonly age: number;
  /** Mean value of the repeat purchases (0 without repeats). */
  readonly monetaryValue: number;
  readonly purchases: number;
  /** Monthly recurring revenue at the cutoff (NaN = not a subscriber). */
  readonly mrr: number;
  /** Calibrated churn probability over `churnHorizonDays`, when a churn model scored the account. */
  readonly churnProbability: number;
}

export type LtvMethod = 'subscription' | 'btyd' | 'none';

/** Which method values an account: a subscription where MRR is known, else its purchase history. */
export function ltvMethod(facts: LtvAccountFacts): LtvMethod {
  if (facts.mrr > 0) return 'subscription';
  return facts.purchases > 0 ? 'btyd' : 'none';
}

export const ltvParamsSchema = z.object({
  bgnbd: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }).nullable(),
  gammaGamma: z.object({ p: z.number(), q: z.number(), gamma: z.number() }).nullable(),
  /** Mean purchase value of one-time buyers' populations when Gamma-Gamma could not be fitted. */
  fallbackSpend: z.number().nonnegative(),
  /** Monthly churn hazard used when no churn model scored the account. */
  baselineMonthlyChurn: z.number().min(0).max(1),
  churnHorizonDays: z.number().positive(),
  monthlyDiscountRate: z.number().min(0).max(1),
});
export type LtvParams = z.infer<typeof ltvParamsSchema>;

/**
 * Subscription value over `horizonDays`: MRR in each month the account survives, discounted.
 * The monthly hazard comes from the churn model's probability over its own horizon,
 * h = 1 − (1 − p)^(month / horizon), so a 90-day churn probability of 0.2 means ~7 % a month.
 */
export function subscriptionValue(facts: LtvAccountFacts, params: LtvParams, horizonDays: number): number {
  const hazard = Number.isFinite(facts.churnProbability)
    ? 1 - (1 - Math.min(0.999999, facts.churnProbability)) ** (DAYS_PER_MONTH / params.churnHorizonDays)
    : params.baselineMonthlyChurn;
  const months = horizonDays / DAYS_PER_MONTH;
  let value = 0;
  for (let m = 1; m <= Math.ceil(months); m++) {
    const share = Math.min(1, months - (m - 1));
    value += (share * facts.mrr * (1 - hazard) ** (m - 1)) / (1 + params.monthlyDiscountRate) ** m;
  }
  return value;
}

/** Non-contractual value: expected purchases in the horizon (BG/NBD) × expected value per purchase (Gamma-Gamma). */
export function btydValue(facts: LtvAccountFacts, params: LtvParams, horizonDays: number): number {
  const weeks = horizonDays / DAYS_PER_WEEK;
  let purchases: number;
  try {
    if (!params.bgnbd) throw new Error('no BG/NBD fit');
    purchases = bgNbdConditionalExpectedPurchases(params.bgnbd, weeks, facts);
    if (!Number.isFinite(purchases)) throw new Error('BG/NBD expectation is not finite');
  } catch {
    // A fit on too few or too regular buyers can leave BG/NBD unusable (its series diverge); the
    // customer's own repeat rate is the plain estimate then.
    purchases = facts.age > 0 ? (facts.frequency / facts.age) * weeks : 0;
  }
  const spend = params.gammaGamma
    ? gammaGammaConditionalExpectedValue(params.gammaGamma, {
        frequency: facts.frequency,
        monetaryValue: facts.monetaryValue,
      })
    : facts.frequency > 0
      ? facts.monetaryValue
      : params.fallbackSpend;
  return purchases * spend;
}

export function predictLtv(
  facts: LtvAccountFacts,
  params: LtvParams,
  horizonDays: number,
): { method: LtvMethod; amount: number } {
  const method = ltvMethod(facts);
  if (method === 'subscription') return { method, amount: subscriptionValue(facts, params, horizonDays) };
  if (method === 'btyd') return { method, amount: btydValue(facts, params, horizonDays) };
  return { method, amount: 0 };
}

/** Fits BG/NBD on the transactional accounts and Gamma-Gamma on their repeat buyers; null when too few to fit. */
export function fitBtyd(facts: readonly LtvAccountFacts[]): {
  bgnbd: BgNbdParams | null;
  gammaGamma: GammaGammaParams | null;
  fallbackSpend: number;
} {
  const buyers = facts.filter((f) => ltvMethod(f) === 'btyd');
  const repeat = buyers.filter((f) => f.frequency > 0 && f.monetaryValue > 0);
  const fallbackSpend =
    repeat.length > 0 ? repeat.reduce((s, f) => s + f.monetaryValue, 0) / repeat.length : 0;
  const attempt = <T>(fitModel: () => T): T | null => {
    try {
      return fitModel();
    } catch {
      return null;
    }
  };
  const bgnbd = buyers.length >= 20 ? attempt(() => fitBgNbd(buyers).params) : null;
  const fitted = repeat.length >= 20 ? attempt(() => fitGammaGamma(repeat).params) : null;
  const gammaGamma = fitted && Number.isFinite(gammaGammaPopulationMean(fitted)) ? fitted : null;
  return { bgnbd, gammaGamma, fallbackSpend };
}

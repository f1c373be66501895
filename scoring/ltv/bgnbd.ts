/**
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way", Marketing
 * Science 24(2)): likelihood, maximum-likelihood fit and the expectations used for scoring.
 * The likelihood is the paper's closed form (eq. 6), evaluated in log space with
 * log-sum-exp so that customers with hundreds of purchases do not overflow.
 */
import { hyp2f1 } from './hypergeometric.ts';
import { logBeta, logGamma } from './log-gamma.ts';
import { nelderMead } from './nelder-mead.ts';
import type { BgNbdParams, CustomerHistory, FitDiagnostics } from './types.ts';
import { validateCustomerHistories } from './validate.ts';

/** Log-likelihood of one customer's (x, t_x, T). */
export function bgNbdLogLikelihood(params: BgNbdParams, customer: CustomerHistory): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, age: T } = customer;
  const head = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const stillAlive = logBeta(a, b + x) - logBeta(a, b) - (r + x) * Math.log(alpha + T);
  if (x === 0) return head + stillAlive;
  const diedAfterLast = logBeta(a + 1, b + x - 1) - logBeta(a, b) - (r + x) * Math.log(alpha + tx);
  return head + logAddExp(stillAlive, diedAfterLast);
}

/**
 * Sum of the log-likelihood over customers, prepared once per data set. Identical
 * (x, t_x, T) triples are merged with a weight (integer-day data repeats them a lot), and the
 * gamma and beta terms, which depend on the customer only through x, are computed once per
 * distinct x.
 */
export function bgNbdTotalLogLikelihood(
  customers: readonly CustomerHistory[],
): (params: BgNbdParams) => number {
  const weightOf = new Map<string, { customer: CustomerHistory; weight: number }>();
  for (const c of customers) {
    const key = `${c.frequency}|${c.recency}|${c.age}`;
    const entry = weightOf.get(key);
    if (entry) entry.weight++;
    else weightOf.set(key, { customer: c, weight: 1 });
  }
  const distinct = [...weightOf.values()];
  const distinctFrequencies = [...new Set(distinct.map((d) => d.customer.frequency))];
  const slotOf = new Map(distinctFrequencies.map((x, slot) => [x, slot]));
  const slots = Int32Array.from(distinct, (d) => slotOf.get(d.customer.frequency)!);
  const weight = Float64Array.from(distinct, (d) => d.weight);
  const frequency = Float64Array.from(distinct, (d) => d.customer.frequency);
  const recency = Float64Array.from(distinct, (d) => d.customer.recency);
  const age = Float64Array.from(distinct, (d) => d.customer.age);
  const head = new Float64Array(distinctFrequencies.length);
  const aliveTerm = new Float64Array(distinctFrequencies.length);
  const deadTerm = new Float64Array(distinctFrequencies.length);
  return ({ r, alpha, a, b }) => {
    const logBetaAB = logBeta(a, b);
    const logGammaR = logGamma(r);
    const logAlpha = Math.log(alpha);
    distinctFrequencies.forEach((x, slot) => {
      head[slot] = logGamma(r + x) - logGammaR + r * logAlpha;
      aliveTerm[slot] = logBeta(a, b + x) - logBetaAB;
      deadTerm[slot] = x > 0 ? logBeta(a + 1, b + x - 1) - logBetaAB : Number.NEGATIVE_INFINITY;
    });
    let total = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const shape = r + frequency[i]!;
      const stillAlive = aliveTerm[slot]! - shape * Math.log(alpha + age[i]!);
      const diedAfterLast =
        frequency[i]! > 0
          ? deadTerm[slot]! - shape * Math.log(alpha + recency[i]!)
          : Number.NEGATIVE_INFINITY;
      total += weight[i]! * (head[slot]! + logAddExp(stillAlive, diedAfterLast));
    }
    return total;
  };
}

export interface BgNbdFitOptions {
  /** Starting point (natural scale). Default r=0.5, alpha=5, a=0.5, b=2 (weekly data). */
  readonly start?: BgNbdParams;
  readonly tolerance?: number;
}

export interface BgNbdFit extends FitDiagnostics {
  readonly params: BgNbdParams;
}

/** Maximum likelihood by Nelder–Mead on log-parameters (keeps every parameter positive). */
export function fitBgNbd(customers: readonly CustomerHistory[], options: BgNbdFitOptions = {}): BgNbdFit {
  validateCustomerHistories(customers, 'fitBgNbd');
  const logLikelihood = bgNbdTotalLogLikelihood(customers);
  const start = options.start ?? { r: 0.5, alpha: 5, a: 0.5, b: 2 };
  const toParams = (v: readonly number[]): BgNbdParams => ({
    r: Math.exp(v[0]!),
    alpha: Math.exp(v[1]!),
    a: Math.exp(v[2]!),
    b: Math.exp(v[3]!),
  });
  const tolerance = options.tolerance ?? 1e-10;
  const result = nelderMead(
    (v) => -logLikelihood(toParams(v)),
    [start.r, start.alpha, start.a, start.b].map(Math.log),
    { xTolerance: tolerance, fTolerance: tolerance },
  );
  return {
    params: toParams(result.x),
    logLikelihood: -result.value,
    customers: customers.length,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}

/** P(customer is still alive at T | x, t_x, T). Always 1 for x = 0 under BG/NBD. */
export function bgNbdProbabilityAlive(params: BgNbdParams, customer: CustomerHistory): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, age: T } = customer;
  if (x === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** E[X(t)]: expected purchases in (0, t] for a customer who has just made the first purchase. */
export function bgNbdExpectedPurchases(params: BgNbdParams, t: number): number {
  return bgNbdConditionalExpectedPurchases(params, t, { frequency: 0, recency: 0, age: 0 });
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units (FHL 2005 eq. 10).
 * The 2F1 factor is evaluated after the Euler transformation
 * (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z) = (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z),
 * which keeps its parameters small, so it neither overflows for heavy buyers nor needs
 * many series terms.
 */
export function bgNbdConditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  customer: CustomerHistory,
): number {
  const { r, alpha, a, b } = params;
  const { frequency: x, recency: tx, age: T } = customer;
  if (t === 0) return 0;
  if (Math.abs(a - 1) < NEAR_ONE) {
    // The closed form is 0/0 at a = 1; its limit is the mean of two nearby evaluations.
    const below = bgNbdConditionalExpectedPurchases({ ...params, a: 1 - NEAR_ONE_STEP }, t, customer);
    const above = bgNbdConditionalExpectedPurchases({ ...params, a: 1 + NEAR_ONE_STEP }, t, customer);
    return 0.5 * (below + above);
  }
  const z = t / (alpha + T + t);
  const survival = (1 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - survival);
  if (x === 0) return numerator;
  const logDeadOdds =
    Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return numerator / (1 + Math.exp(logDeadOdds));
}

const NEAR_ONE = 1e-9;
const NEAR_ONE_STEP = 1e-5;

function logAddExp(u: number, v: number): number {
  const high = Math.max(u, v);
  if (high === Number.NEGATIVE_INFINITY) return high;
  return high + Math.log(Math.exp(u - high) + Math.exp(v - high));
}

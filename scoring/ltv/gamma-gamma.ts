/**
 * Gamma-Gamma model of average transaction value (Fader & Hardie, note 025,
 * http://www.brucehardie.com/notes/025/gamma_gamma.pdf). Fitted on repeat customers only
 * (x > 0) with m_x = mean value of their repeat purchases. It assumes spend is independent
 * of purchase frequency; check `frequencySpendCorrelation` before trusting it.
 */
import { logGamma } from './log-gamma.ts';
import { nelderMead } from './nelder-mead.ts';
import type { FitDiagnostics, GammaGammaParams, SpendHistory } from './types.ts';
import { validateSpendHistories } from './validate.ts';

/** Log density of one customer's mean spend m_x given x transactions. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customer: SpendHistory): number {
  const { p, q, gamma } = params;
  const { frequency: x, monetaryValue: m } = customer;
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + m * x)
  );
}

/**
 * Sum of the log-likelihood, prepared once per data set: the log-gamma terms depend on the
 * customer only through x, so they are computed once per distinct x per evaluation.
 */
export function gammaGammaTotalLogLikelihood(
  customers: readonly SpendHistory[],
): (params: GammaGammaParams) => number {
  const distinctFrequencies = [...new Set(customers.map((c) => c.frequency))];
  const slotOf = new Map(distinctFrequencies.map((x, slot) => [x, slot]));
  const slots = Int32Array.from(customers, (c) => slotOf.get(c.frequency)!);
  const frequency = Float64Array.from(customers, (c) => c.frequency);
  const spend = Float64Array.from(customers, (c) => c.monetaryValue);
  const logSpend = spend.map(Math.log);
  const logFrequency = frequency.map(Math.log);
  const gammaTerms = new Float64Array(distinctFrequencies.length);
  return ({ p, q, gamma }) => {
    const logGammaQ = logGamma(q);
    distinctFrequencies.forEach((x, slot) => {
      gammaTerms[slot] = logGamma(p * x + q) - logGamma(p * x) - logGammaQ;
    });
    let total = customers.length * q * Math.log(gamma);
    for (let i = 0; i < slots.length; i++) {
      const px = p * frequency[i]!;
      total +=
        gammaTerms[slots[i]!]! +
        (px - 1) * logSpend[i]! +
        px * logFrequency[i]! -
        (px + q) * Math.log(gamma + spend[i]! * frequency[i]!);
    }
    return total;
  };
}

export interface GammaGammaFitOptions {
  /** Starting point (natural scale). Default p = q = gamma = 1. */
  readonly start?: GammaGammaParams;
  readonly tolerance?: number;
}

export interface GammaGammaFit extends FitDiagnostics {
  readonly params: GammaGammaParams;
}

export function fitGammaGamma(
  customers: readonly SpendHistory[],
  options: GammaGammaFitOptions = {},
): GammaGammaFit {
  validateSpendHistories(customers, 'fitGammaGamma');
  const start = options.start ?? { p: 1, q: 1, gamma: 1 };
  const toParams = (v: readonly number[]): GammaGammaParams => ({
    p: Math.exp(v[0]!),
    q: Math.exp(v[1]!),
    gamma: Math.exp(v[2]!),
  });
  const totalLogLikelihood = gammaGammaTotalLogLikelihood(customers);
  const negativeLogLikelihood = (v: readonly number[]) => -totalLogLikelihood(toParams(v));
  const tolerance = options.tolerance ?? 1e-10;
  const result = nelderMead(negativeLogLikelihood, [start.p, start.q, start.gamma].map(Math.log), {
    xTolerance: tolerance,
    fTolerance: tolerance,
  });
  return {
    params: toParams(result.x),
    logLikelihood: -result.value,
    customers: customers.length,
    evaluations: result.evaluations,
    converged: result.converged,
  };
}

/** Population mean transaction value E[M] = p·gamma/(q−1) (finite only for q > 1). */
export function gammaGammaPopulationMean(params: GammaGammaParams): number {
  const { p, q, gamma } = params;
  return q > 1 ? (p * gamma) / (q - 1) : Number.POSITIVE_INFINITY;
}

/**
 * E[M | m_x, x]: a credibility-weighted blend of the population mean and the customer's own
 * mean, p(gamma + x·m_x)/(p·x + q − 1). With no repeat purchases (x = 0) it is the
 * population mean.
 */
export function gammaGammaConditionalExpectedValue(params: GammaGammaParams, customer: SpendHistory): number {
  const { p, q, gamma } = params;
  const { frequency: x, monetaryValue: m } = customer;
  if (x === 0) return gammaGammaPopulationMean(params);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}

/** Pearson correlation of frequency and mean spend; Gamma-Gamma assumes it is near 0. */
export function frequencySpendCorrelation(customers: readonly SpendHistory[]): number {
  const n = customers.length;
  let sx = 0;
  let sm = 0;
  for (const c of customers) {
    sx += c.frequency;
    sm += c.monetaryValue;
  }
  const mx = sx / n;
  const mm = sm / n;
  let cov = 0;
  let vx = 0;
  let vm = 0;
  for (const c of customers) {
    cov += (c.frequency - mx) * (c.monetaryValue - mm);
    vx += (c.frequency - mx) ** 2;
    vm += (c.monetaryValue - mm) ** 2;
  }
  return cov / Math.sqrt(vx * vm);
}

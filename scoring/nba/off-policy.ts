/**
 * Off-policy evaluation on logged, randomised decisions (Li, Chu, Langford & Wang, WSDM
 * 2011): a policy's value is estimated from rows where it agrees with the logged action,
 * re-weighted by 1 / propensity. IPS is unbiased; self-normalised IPS (SNIPS) divides by
 * the realised weight sum, trading a small bias for lower variance. Standard errors are the
 * plug-in i.i.d. ones (SNIPS by the delta method).
 */
import { z } from 'zod';
import type { LoggedDecision, Policy } from './types.ts';

export interface PolicyValue {
  readonly n: number;
  /** Rows where the policy agrees with the logged action. */
  readonly matched: number;
  readonly ips: number;
  readonly ipsStandardError: number;
  readonly snips: number;
  readonly snipsStandardError: number;
  /** (Σw)² / Σw², the number of equally weighted rows the estimate is worth. */
  readonly effectiveSampleSize: number;
}

const loggedDecisionSchema = z.object({
  action: z.string().min(1),
  propensity: z.number().gt(0).lte(1),
  reward: z.number().finite(),
});

/** Rejects logs that cannot support IPS, naming the first bad row. */
export function validateLog<Ctx>(
  log: readonly LoggedDecision<Ctx>[],
  knownActions?: ReadonlySet<string>,
): void {
  if (log.length === 0) throw new Error('decision log is empty; off-policy evaluation needs logged rows');
  log.forEach((row, index) => {
    const parsed = loggedDecisionSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `decision log row #${index}, field ${issue?.path.join('.')}: ${issue?.message}` +
          ' (propensity must be the logging probability in (0, 1]; without it there is no unbiased evaluation)',
      );
    }
    if (knownActions && !knownActions.has(row.action)) {
      throw new Error(
        `decision log row #${index}: action ${JSON.stringify(row.action)} is not in the catalog`,
      );
    }
  });
}

/** Importance weights π(a_i | x_i) / p_i of a deterministic policy on a log. */
export function policyWeights<Ctx>(log: readonly LoggedDecision<Ctx>[], policy: Policy<Ctx>): Float64Array {
  return Float64Array.from(log, (row, i) => (policy(row.context, i) === row.action ? 1 / row.propensity : 0));
}

/** Net reward of each logged row: reward minus the cost of the logged action. */
export function netRewards<Ctx>(
  log: readonly LoggedDecision<Ctx>[],
  costOf: (actionId: string) => number = () => 0,
): Float64Array {
  return Float64Array.from(log, (row) => row.reward - costOf(row.action));
}

export function evaluatePolicy<Ctx>(
  log: readonly LoggedDecision<Ctx>[],
  policy: Policy<Ctx>,
  costOf?: (actionId: string) => number,
): PolicyValue {
  validateLog(log);
  return valueFromWeights(policyWeights(log, policy), netRewards(log, costOf));
}

/**
 * Value of a stochastic policy given π(a_i | x_i) for each logged action, e.g. the
 * propensities a Thompson sampler would assign.
 */
export function evaluateStochasticPolicy<Ctx>(
  log: readonly LoggedDecision<Ctx>[],
  probabilityOfLoggedAction: (context: Ctx, actionId: string, index: number) => number,
  costOf?: (actionId: string) => number,
): PolicyValue {
  validateLog(log);
  const weights = Float64Array.from(
    log,
    (row, i) => probabilityOfLoggedAction(row.context, row.action, i) / row.propensity,
  );
  return valueFromWeights(weights, netRewards(log, costOf));
}

export function valueFromWeights(weights: Float64Array, rewards: Float64Array): PolicyValue {
  const n = weights.length;
  let weightSum = 0;
  let weightSquares = 0;
  let weighted = 0;
  let matched = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    weightSum += w;
    weightSquares += w * w;
    weighted += w * rewards[i]!;
    if (w > 0) matched++;
  }
  const ips = weighted / n;
  let ipsSquares = 0;
  for (let i = 0; i < n; i++) ipsSquares += (weights[i]! * rewards[i]! - ips) ** 2;
  const snips = weightSum > 0 ? weighted / weightSum : Number.NaN;
  let snipsSquares = 0;
  for (let i = 0; i < n; i++) snipsSquares += (weights[i]! * (rewards[i]! - snips)) ** 2;
  return {
    n,
    matched,
    ips,
    ipsStandardError: n > 1 ? Math.sqrt(ipsSquares / (n - 1) / n) : Number.NaN,
    snips,
    snipsStandardError: weightSum > 0 ? Math.sqrt(snipsSquares) / weightSum : Number.NaN,
    effectiveSampleSize: weightSquares > 0 ? (weightSum * weightSum) / weightSquares : 0,
  };
}

/**
 * Paired comparison of two policies on the same log: IPS(A) − IPS(B) and its standard error
 * from the per-row differences, which is much tighter than combining the two SEs when the
 * policies agree on many rows.
 */
export function comparePolicies(
  weightsA: Float64Array,
  weightsB: Float64Array,
  rewards: Float64Array,
): { readonly difference: number; readonly standardError: number } {
  const n = rewards.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (weightsA[i]! - weightsB[i]!) * rewards[i]!;
  const difference = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((weightsA[i]! - weightsB[i]!) * rewards[i]! - difference) ** 2;
  return { difference, standardError: n > 1 ? Math.sqrt(squares / (n - 1) / n) : Number.NaN };
}

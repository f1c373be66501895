/**
 * Ship gate for a learned next-best-action policy (scoring.md §2.5): on a randomised log, the
 * learned policy replaces the best single action only when its IPS value is higher by more
 * than k standard errors of the paired difference. Otherwise the best single action ships,
 * because a flexible learner can easily look better in-sample and be no better (or worse)
 * in production.
 */
import { singleActionPolicy, validateCatalog } from './catalog.ts';
import {
  comparePolicies,
  netRewards,
  type PolicyValue,
  policyWeights,
  validateLog,
  valueFromWeights,
} from './off-policy.ts';
import type { Action, LoggedDecision, Policy } from './types.ts';

export interface ShipGateInput<Ctx> {
  /** A randomised log held out from the learned policy's training rows. */
  readonly log: readonly LoggedDecision<Ctx>[];
  readonly catalog: readonly Action<Ctx>[];
  readonly learnedPolicy: Policy<Ctx>;
  /** Required margin in standard errors of the paired IPS difference. Default 2. */
  readonly k?: number;
}

export interface SingleActionValue {
  readonly actionId: string;
  readonly value: PolicyValue;
}

export interface ShipDecision {
  readonly choice: 'learned' | 'single-action';
  /** The action to always take when choice is 'single-action'. */
  readonly actionId?: string;
  readonly learned: PolicyValue;
  /** Every single-action policy, best IPS value first. */
  readonly singleActions: readonly SingleActionValue[];
  readonly bestSingleActionId: string;
  /** IPS(learned) − IPS(best single action), paired over the log. */
  readonly difference: number;
  readonly differenceStandardError: number;
  readonly zScore: number;
  readonly k: number;
  readonly reason: string;
}

export function choosePolicy<Ctx>(input: ShipGateInput<Ctx>): ShipDecision {
  const { log, catalog, learnedPolicy } = input;
  const k = input.k ?? 2;
  if (!(k >= 0)) throw new RangeError(`choosePolicy: k must be >= 0, got ${k}`);
  validateCatalog(catalog);
  validateLog(log, new Set(catalog.map((a) => a.id)));
  const costs = new Map(catalog.map((a) => [a.id, a.cost ?? 0]));
  const rewards = netRewards(log, (id) => costs.get(id) ?? 0);
  const learnedWeights = policyWeights(log, learnedPolicy);
  const singles = catalog.map((action) => {
    const weights = policyWeights(log, singleActionPolicy(catalog, action.id));
    return { actionId: action.id, weights, value: valueFromWeights(weights, rewards) };
  });
  singles.sort((x, y) => y.value.ips - x.value.ips);
  const best = singles[0]!;
  const learned = valueFromWeights(learnedWeights, rewards);
  const { difference, standardError } = comparePolicies(learnedWeights, best.weights, rewards);
  const zScore =
    standardError > 0 ? difference / standardError : difference > 0 ? Number.POSITIVE_INFINITY : 0;
  const ships = zScore > k;
  const summary =
    `learned policy IPS ${learned.ips.toFixed(4)} ± ${learned.ipsStandardError.toFixed(4)} vs ` +
    `always "${best.actionId}" ${best.value.ips.toFixed(4)} ± ${best.value.ipsStandardError.toFixed(4)}; ` +
    `paired difference ${difference.toFixed(4)} ± ${standardError.toFixed(4)} (z = ${zScore.toFixed(2)}, k = ${k})`;
  return {
    choice: ships ? 'learned' : 'single-action',
    ...(ships ? {} : { actionId: best.actionId }),
    learned,
    singleActions: singles.map(({ actionId, value }) => ({ actionId, value })),
    bestSingleActionId: best.actionId,
    difference,
    differenceStandardError: standardError,
    zScore,
    k,
    reason: ships
      ? `ship the learned policy: it beats the best single action by more than ${k} SE; ${summary}`
      : `keep always "${best.actionId}": the learned policy does not beat it by more than ${k} SE; ${summary}`,
  };
}

/** How two models are compared on the same holdout. */
export interface PromotionRule {
  /** Name of the metric, for the reason text (e.g. "holdout ROC-AUC"). */
  readonly metric: string;
  readonly higherIsBetter: boolean;
  /**
   * How much worse the candidate may be and still count as "not worse": retraining on fresh data
   * moves metrics by noise, and refusing every retrain that loses 0.001 of AUC would freeze models.
   */
  readonly tolerance: number;
}

export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
  readonly candidate: number;
  readonly champion: number | null;
}

export const ROC_AUC_RULE: PromotionRule = {
  metric: 'holdout ROC-AUC',
  higherIsBetter: true,
  tolerance: 0.005,
};

function show(value: number): string {
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}

/**
 * Promote the candidate unless the current champion, re-scored on the candidate's holdout, does
 * better by more than the tolerance. A candidate whose metric cannot be computed is never promoted;
 * a champion that cannot be re-scored (null) does not block a valid candidate.
 */
export function decidePromotion(
  candidate: number,
  champion: number | null,
  rule: PromotionRule,
): PromotionDecision {
  if (!Number.isFinite(candidate)) {
    return {
      promote: false,
      candidate,
      champion,
      reason: `${rule.metric} of the new model could not be computed (the holdout needs both outcomes); kept the current model`,
    };
  }
  if (champion === null || !Number.isFinite(champion)) {
    const why =
      champion === null
        ? 'no promoted model to compare with'
        : 'the current model could not be scored on this holdout';
    return { promote: true, candidate, champion, reason: `${why}; ${rule.metric} ${show(candidate)}` };
  }
  const margin = rule.higherIsBetter ? candidate - champion : champion - candidate;
  const promote = margin >= -rule.tolerance;
  const comparison = `${rule.metric} ${show(candidate)} vs current ${show(champion)} on the same holdout (tolerance ${rule.tolerance})`;
  return {
    promote,
    candidate,
    champion,
    reason: promote
      ? `not worse than the current model: ${comparison}`
      : `worse than the current model: ${comparison}`,
  };
}

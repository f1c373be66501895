/**
 * Every number the dashboard shows comes with what it means, in words a marketer uses. Keys are the
 * metric names the pages use; `metricHelp` returns the sentence shown beside (or under) the value.
 */
export const METRIC_HELP = {
  rocAuc:
    'ROC-AUC: how well the model ranks. Pick one account that did and one that did not: this is how often the model scores the first higher. 0.5 is a coin toss, 1.0 is perfect; 0.7-0.8 is useful, above 0.8 is strong.',
  prAuc:
    'PR-AUC: how clean the top of the list is. Compare it with the base rate: the further above it, the fewer wasted calls when you work the highest scores first.',
  logLoss:
    'Log loss: how far the probabilities are from what happened, punishing confident mistakes. Lower is better; only comparable between models of the same data.',
  brier:
    'Brier score: the average squared gap between the probability and the outcome (0 or 1). Lower is better.',
  ece: 'Calibration error (ECE): how far "30%" is from 30 in 100 on average. Below 0.02 means the percentages can be taken at their word.',
  calibration:
    'Calibration: when the model says 30%, about 30 in 100 of those cases should happen. Points on the diagonal are calibrated; above it the model is too cautious, below it too confident.',
  gains:
    'Cumulative gains: working the top 20% of scores, which share of all positive outcomes you reach. The dashed line is picking at random; the higher the curve, the more the model saves.',
  lift: 'Lift: how many times the base rate the top band converts (or churns) at. Lift 3 in the top decile means three times as many hits as random picks.',
  baseRate:
    'Base rate: the share of all cases where the outcome happened; the rate random picks would reach.',
  psi: "PSI (population stability index): how much today's scores or inputs differ from what the model was trained on. Below 0.1 stable, 0.1-0.25 worth watching, above 0.25 a real shift: check the data and consider retraining.",
  distribution:
    'Score distribution: how many records fall in each 10-point score band, in the holdout period and in the latest scoring run. A very different shape means the population changed.',
  importance:
    'Top features: the signals that move scores most, by their average effect in score points (mean |SHAP|) on the holdout.',
  mae: 'MAE: the average gap between predicted and actual revenue per account, in money. Lower is better.',
  rmse: 'RMSE: like MAE but large misses count more. Lower is better.',
  totalRatio:
    'Predicted / actual: total predicted revenue over total actual revenue in the holdout. 1.00 is exact; 1.10 means 10% too high overall.',
  spearman:
    'Rank correlation (Spearman): whether accounts predicted to be worth more really were. 1 is the same order, 0 no relation.',
  topDecileShare:
    'Top-10% revenue share: the share of actual revenue that the 10% of accounts ranked highest brought in.',
  tierShare:
    'Share per tier: of the records scored that day, the share in each tier. The tiers of each model are fixed score bands (scoring.tiers) or shares of the ranked population (its own tiers, by percentile), as the model card says.',
  riskRise:
    'Rise: the latest churn score minus the latest score from before the start of the week, in points (0-100).',
  funnel:
    'Funnel: enrolled records, those emailed at least once, and those whose recipient opened, clicked or replied after the first email; exits are enrollments that left before the last step.',
} as const;

export type MetricName = keyof typeof METRIC_HELP;

export function metricHelp(name: MetricName): string {
  return METRIC_HELP[name];
}

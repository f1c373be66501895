import type { Score } from '../../core/schema/index.ts';

/** A churn-risk score on an account (value 0–100, probability value/100), with one plain reason. */
export function churnScore(
  entityId: string,
  value: number,
  computedAt: string,
  reason = 'fewer logins',
): Score {
  return {
    entityType: 'account',
    entityId,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v1',
    probability: value / 100,
    value,
    tier: value > 70 ? 'high' : 'low',
    reasons: [{ feature: 'logins', direction: 'down', points: 9, text: reason }],
    computedAt,
  };
}

import { countIn } from './activity-summary.ts';
import {
  categoryFeature,
  countFeature,
  daysFeature,
  daysSince,
  type FeatureDefinition,
  type FeatureSet,
  moneyFeature,
  numberFeature,
  ratioFeature,
  safeRatio,
} from './definition.ts';
import {
  dealFeatures,
  engagementWindows,
  firmographicFeatures,
  recencyFeatures,
  trendFeatures,
} from './shared-features.ts';

function usageFeatures(): FeatureDefinition[] {
  return [
    countFeature(
      'features_used_30d',
      'product features used',
      'product feature used',
      'in the last 30 days',
      (v) => v.activity.features30.size,
    ),
    countFeature(
      'features_used_90d',
      'product features used',
      'product feature used',
      'in the last 90 days',
      (v) => v.activity.features90.size,
    ),
    countFeature(
      'features_used_ever',
      'product features ever used',
      'product feature ever used',
      undefined,
      (v) => v.activity.featuresEver.size,
    ),
    countFeature(
      'active_users_30d',
      'active users',
      'active user',
      'in the last 30 days',
      (v) => v.activity.activeUsers30.size,
    ),
    countFeature(
      'active_users_90d',
      'active users',
      'active user',
      'in the last 90 days',
      (v) => v.activity.activeUsers90.size,
    ),
    countFeature(
      'known_people',
      'people seen active',
      'person seen active',
      undefined,
      (v) => v.activity.knownUsers.size,
    ),
    numberFeature('seats', 'paid seats', (v) => v.profile.seats),
    ratioFeature('seat_utilisation_30d', 'seat utilisation', 'in the last 30 days', (v) =>
      safeRatio(v.activity.activeUsers30.size, v.profile.seats),
    ),
  ];
}

function supportFeatures(): FeatureDefinition[] {
  return [
    numberFeature(
      'ticket_severity_90d',
      'support load in the last 90 days (severity-weighted tickets)',
      (v) => v.activity.ticketSeverity90,
    ),
    countFeature(
      'high_severity_tickets_90d',
      'high or urgent tickets',
      'high or urgent ticket',
      'in the last 90 days',
      (v) => v.activity.highSeverityTickets90,
    ),
    numberFeature('tickets_per_active_user_90d', 'support tickets per active user in the last 90 days', (v) =>
      safeRatio(countIn(v.activity, 'support_ticket', 90), v.activity.activeUsers90.size),
    ),
  ];
}

function revenueFeatures(): FeatureDefinition[] {
  return [
    // Yearly windows rather than all-time totals: all-time counts grow with the length of history
    // the store happens to hold, which would make old and new cutoffs incomparable.
    countFeature(
      'purchases_365d',
      'payments',
      'payment',
      'in the last 365 days',
      (v) => v.activity.purchaseCount365,
    ),
    moneyFeature('purchase_amount_365d', 'paid', 'in the last 365 days', (v) => v.activity.purchaseAmount365),
    moneyFeature('purchase_amount_90d', 'paid', 'in the last 90 days', (v) => v.activity.purchaseAmount90),
    moneyFeature('average_purchase_amount', 'average payment', undefined, (v) =>
      safeRatio(v.activity.purchaseAmount, v.activity.purchaseCount),
    ),
    daysFeature('days_since_last_purchase', 'payment', (v) => daysSince(v, v.activity.lastPurchaseMs)),
    moneyFeature('mrr', 'MRR', undefined, (v) => v.profile.mrr),
    daysFeature('customer_tenure_days', 'customer', (v) => daysSince(v, v.profile.customerSinceMs), {
      other: 'customer for {value} days',
      one: 'customer for {value} day',
      zero: 'became a customer today',
      missing: 'not a customer yet',
    }),
    categoryFeature('plan', 'plan', (v) => v.profile.plan),
  ];
}

/** Features of a company for the churn, lifetime-value and next-best-action models. */
export const accountFeatureSet: FeatureSet = {
  entityType: 'account',
  name: 'account.v1',
  definitions: [
    ...recencyFeatures(),
    ...engagementWindows(),
    ...trendFeatures(),
    ...usageFeatures(),
    ...supportFeatures(),
    ...revenueFeatures(),
    ...dealFeatures(),
    ...firmographicFeatures(),
  ],
};

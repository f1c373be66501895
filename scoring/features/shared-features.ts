import { activityIn, type CountedType, countIn, lastOf } from './activity-summary.ts';
import {
  categoryFeature,
  countFeature,
  daysFeature,
  daysSince,
  type FeatureDefinition,
  moneyFeature,
  numberFeature,
  trendChange,
  trendFeature,
} from './definition.ts';

/** Event kinds with 7/30/90-day windows, named as a person would. */
const WINDOWED: readonly (readonly [CountedType, string, string])[] = [
  ['login', 'logins', 'login'],
  ['feature_use', 'product feature uses', 'product feature use'],
  ['page_view', 'page views', 'page view'],
  ['email_open', 'e-mail opens', 'e-mail open'],
  ['email_click', 'e-mail clicks', 'e-mail click'],
  ['email_reply', 'e-mail replies', 'e-mail reply'],
  ['meeting', 'meetings', 'meeting'],
  ['call', 'calls', 'call'],
  ['form_submit', 'form submissions', 'form submission'],
  ['support_ticket', 'support tickets', 'support ticket'],
];

export function engagementWindows(): FeatureDefinition[] {
  return WINDOWED.flatMap(([type, plural, singular]) =>
    ([7, 30, 90] as const).map((days) =>
      countFeature(`${type}_${days}d`, plural, singular, `in the last ${days} days`, (v) =>
        countIn(v.activity, type, days),
      ),
    ),
  );
}

export function recencyFeatures(): FeatureDefinition[] {
  return [
    daysFeature('days_since_last_activity', 'activity', (v) => daysSince(v, v.activity.lastActivityMs)),
    daysFeature('days_since_last_login', 'login', (v) => daysSince(v, lastOf(v.activity, 'login'))),
    daysFeature('days_since_last_email_engagement', 'e-mail engagement', (v) =>
      daysSince(v, v.activity.lastEmailEngagementMs),
    ),
  ];
}

function windowTrend(
  type: CountedType | 'activity',
  v: Parameters<FeatureDefinition['compute']>[0],
  recent: 7 | 30,
) {
  const count = (days: 7 | 30 | 35 | 60) =>
    type === 'activity' ? activityIn(v.activity, days) : countIn(v.activity, type, days);
  return recent === 7
    ? trendChange(count(7), 7, count(35) - count(7), 28)
    : trendChange(count(30), 30, count(60) - count(30), 30);
}

export function trendFeatures(): FeatureDefinition[] {
  return [
    trendFeature('activity_trend_7_28', 'activity', 'in the last 7 days vs the 28 days before', (v) =>
      windowTrend('activity', v, 7),
    ),
    trendFeature('activity_trend_30_30', 'activity', 'in the last 30 days vs the 30 days before', (v) =>
      windowTrend('activity', v, 30),
    ),
    trendFeature('login_trend_7_28', 'logins', 'in the last 7 days vs the 28 days before', (v) =>
      windowTrend('login', v, 7),
    ),
    trendFeature('login_trend_30_30', 'logins', 'in the last 30 days vs the 30 days before', (v) =>
      windowTrend('login', v, 30),
    ),
    trendFeature('feature_use_trend_30_30', 'feature use', 'in the last 30 days vs the 30 days before', (v) =>
      windowTrend('feature_use', v, 30),
    ),
  ];
}

export function firmographicFeatures(): FeatureDefinition[] {
  return [
    categoryFeature('industry', 'industry', (v) => v.profile.industry),
    categoryFeature('country', 'country', (v) => v.profile.country),
    numberFeature('employees', 'company size', (v) => v.profile.employees, 'employees'),
    moneyFeature('annual_revenue', 'annual revenue', undefined, (v) => v.profile.annualRevenue),
    daysFeature('account_age_days', 'company on record', (v) => daysSince(v, v.profile.accountCreatedMs), {
      other: 'company on record for {value} days',
      one: 'company on record for {value} day',
      zero: 'company added today',
      missing: 'company age unknown',
    }),
  ];
}

export function dealFeatures(): FeatureDefinition[] {
  return [
    countFeature('open_deals', 'open deals', 'open deal', undefined, (v) => v.accountDeals.open),
    moneyFeature('open_deal_amount', 'open pipeline', undefined, (v) => v.accountDeals.openAmount),
    countFeature('won_deals', 'deals won', 'deal won', undefined, (v) => v.accountDeals.won),
    countFeature('lost_deals', 'deals lost', 'deal lost', undefined, (v) => v.accountDeals.lost),
    daysFeature('days_since_last_deal', 'new deal', (v) => daysSince(v, v.accountDeals.lastCreatedMs)),
  ];
}

import { countIn } from './activity-summary.ts';
import {
  categoryFeature,
  countFeature,
  daysFeature,
  daysSince,
  type FeatureDefinition,
  type FeatureSet,
  flagFeature,
} from './definition.ts';
import {
  dealFeatures,
  engagementWindows,
  firmographicFeatures,
  recencyFeatures,
  trendFeatures,
} from './shared-features.ts';

const LAST_30 = 'in the last 30 days';

/** Buying signals of the person's whole account: in B2B a deal is decided by a group, not one person. */
function accountEngagement(): FeatureDefinition[] {
  return [
    countFeature(
      'account_email_clicks_30d',
      'e-mail clicks from the company',
      'e-mail click from the company',
      LAST_30,
      (v) => countIn(v.accountActivity, 'email_click', 30),
    ),
    countFeature(
      'account_email_replies_30d',
      'e-mail replies from the company',
      'e-mail reply from the company',
      LAST_30,
      (v) => countIn(v.accountActivity, 'email_reply', 30),
    ),
    countFeature(
      'account_meetings_30d',
      'meetings with the company',
      'meeting with the company',
      LAST_30,
      (v) => countIn(v.accountActivity, 'meeting', 30),
    ),
    countFeature(
      'account_form_submits_30d',
      'forms sent by the company',
      'form sent by the company',
      LAST_30,
      (v) => countIn(v.accountActivity, 'form_submit', 30),
    ),
    countFeature(
      'account_pricing_views_30d',
      'pricing page views at the company',
      'pricing page view at the company',
      LAST_30,
      (v) => v.accountActivity.pricingViews30,
    ),
    countFeature(
      'account_logins_30d',
      'product logins at the company',
      'product login at the company',
      LAST_30,
      (v) => countIn(v.accountActivity, 'login', 30),
    ),
    countFeature(
      'account_engaged_people_90d',
      'engaged people at the company',
      'engaged person at the company',
      'in the last 90 days',
      (v) => v.accountActivity.engagedPeople90.size,
    ),
  ];
}

function intentFeatures(): FeatureDefinition[] {
  return [
    countFeature(
      'pricing_page_views_30d',
      'pricing page views',
      'pricing page view',
      LAST_30,
      (v) => v.activity.pricingViews30,
    ),
    countFeature(
      'pricing_page_views_90d',
      'pricing page views',
      'pricing page view',
      'in the last 90 days',
      (v) => v.activity.pricingViews90,
    ),
    countFeature(
      'high_intent_forms',
      'demo, trial or sales requests',
      'demo, trial or sales request',
      undefined,
      (v) => v.activity.highIntentForms,
    ),
    countFeature(
      'emails_received_30d',
      'marketing e-mails received',
      'marketing e-mail received',
      LAST_30,
      (v) => countIn(v.activity, 'email_sent', 30),
    ),
    flagFeature('unsubscribed', 'unsubscribed from e-mail', (v) => (v.activity.unsubscribed ? 1 : 0), {
      no: 'subscribed to e-mail',
    }),
    daysFeature('contact_age_days', 'known', (v) => daysSince(v, v.profile.createdMs), {
      other: 'known for {value} days',
      one: 'known for {value} day',
      zero: 'new today',
      missing: 'first contact date unknown',
    }),
    categoryFeature('role', 'buying role', (v) => v.profile.role),
  ];
}

/** Features of a person for the lead (conversion) model. */
export const contactFeatureSet: FeatureSet = {
  entityType: 'contact',
  name: 'contact.v1',
  definitions: [
    ...recencyFeatures(),
    ...engagementWindows(),
    ...trendFeatures(),
    ...intentFeatures(),
    ...accountEngagement(),
    ...dealFeatures(),
    ...firmographicFeatures(),
  ],
};

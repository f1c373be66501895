/** What the demo company sells and how its customers interact with it. */

export type PlanName = 'Starter' | 'Growth' | 'Enterprise';

export interface PlanInfo {
  readonly name: PlanName;
  /** Monthly recurring revenue range in the account's currency. */
  readonly minMrr: number;
  readonly maxMrr: number;
  /** Shift of the weekly churn log-hazard: cheap plans churn more. */
  readonly churnShift: number;
  /** Product features a new customer on this plan starts with. */
  readonly initialFeatures: number;
}

export const plans: Readonly<Record<PlanName, PlanInfo>> = {
  Starter: { name: 'Starter', minMrr: 49, maxMrr: 499, churnShift: 0.55, initialFeatures: 2 },
  Growth: { name: 'Growth', minMrr: 500, maxMrr: 2_500, churnShift: 0, initialFeatures: 3 },
  Enterprise: { name: 'Enterprise', minMrr: 3_000, maxMrr: 25_000, churnShift: -0.6, initialFeatures: 4 },
};

export const planOrder: readonly PlanName[] = ['Starter', 'Growth', 'Enterprise'];

/** Product features in rough order of how commonly they are adopted. */
export const productFeatures = [
  'dashboards',
  'lead_scoring',
  'email_sequences',
  'reports',
  'crm_sync',
  'segments',
  'workflows',
  'api',
  'churn_alerts',
  'ab_tests',
  'forecasting',
  'sso',
];

export const marketingPages = [
  '/',
  '/product',
  '/product/lead-scoring',
  '/product/churn',
  '/customers',
  '/blog/predictive-lead-scoring',
  '/blog/churn-playbook',
  '/blog/crm-hygiene',
  '/integrations/hubspot',
  '/integrations/salesforce',
  '/about',
];

export const customerPages = [
  '/docs',
  '/docs/getting-started',
  '/docs/api',
  '/help',
  '/changelog',
  '/community',
];

export const PRICING_PAGE = '/pricing';

export interface FormInfo {
  readonly page: string;
  /** Relative weight for an engaged vs an unengaged visitor. */
  readonly engagedWeight: number;
  readonly casualWeight: number;
}

export const forms: Readonly<
  Record<'ebook' | 'webinar' | 'newsletter' | 'contactSales' | 'demo' | 'trial', FormInfo>
> = {
  ebook: { page: '/resources/ebook-predictive-marketing', engagedWeight: 2, casualWeight: 6 },
  webinar: { page: '/events/webinar-retention', engagedWeight: 2, casualWeight: 3 },
  newsletter: { page: '/newsletter', engagedWeight: 1, casualWeight: 4 },
  contactSales: { page: '/contact-sales', engagedWeight: 2, casualWeight: 0.3 },
  demo: { page: '/demo-request', engagedWeight: 3, casualWeight: 0.3 },
  trial: { page: '/start-trial', engagedWeight: 2.5, casualWeight: 0.5 },
};

export const nurtureCampaigns = [
  'welcome-series',
  'lead-scoring-101',
  'case-study-fintech',
  'webinar-invite',
  'product-tour',
  'roi-calculator',
  'churn-playbook',
  'customer-stories',
];
export const customerCampaigns = [
  'monthly-newsletter',
  'product-updates',
  'feature-spotlight',
  'user-survey',
];
export const SALES_CAMPAIGN = 'sales-follow-up';

export type TicketSeverity = 'low' | 'medium' | 'high' | 'urgent';
export const ticketSeverities: readonly TicketSeverity[] = ['low', 'medium', 'high', 'urgent'];
/** How much a ticket of each severity hurts: weights in the churn hazard and the health penalty. */
export const severityWeight: Readonly<Record<TicketSeverity, number>> = {
  low: 0.5,
  medium: 1,
  high: 2,
  urgent: 3,
};

/** The demo company's sales team: owner ids on accounts, contacts and deals. */
export const salesTeam = [
  'owner_ana_garcia',
  'owner_ben_carter',
  'owner_chloe_martin',
  'owner_david_kim',
  'owner_elena_rossi',
  'owner_felix_weber',
  'owner_grace_murphy',
  'owner_hugo_silva',
];

export const openDealStages = ['Qualification', 'Demo', 'Proposal', 'Negotiation'];
export const WON_STAGE = 'Closed Won';
export const LOST_STAGE = 'Closed Lost';

import type { DemoAccount, DemoContact, DemoDeal, DemoEvent } from '../../../demo/model/types.ts';

/** Demo records as a HubSpot portal would hold them: HubSpot property names and value encodings. */

const stageIds: Record<string, string> = {
  Qualification: 'qualifiedtobuy',
  Demo: 'presentationscheduled',
  Proposal: 'decisionmakerboughtin',
  Negotiation: 'contractsent',
  'Closed Won': 'closedwon',
  'Closed Lost': 'closedlost',
};

const lifecycle: Record<string, string> = {
  lead: 'lead',
  mql: 'marketingqualifiedlead',
  sql: 'salesqualifiedlead',
  customer: 'customer',
};

const buyingRoles: Record<string, string> = {
  economic_buyer: 'BUDGET_HOLDER',
  champion: 'CHAMPION',
  admin: 'OTHER',
  user: 'END_USER',
};

const companyStage: Record<DemoAccount['status'], string> = {
  prospect: 'lead',
  trial: 'opportunity',
  active: 'customer',
  churned: 'other',
};

const iso = (ms: number): string => new Date(ms).toISOString();

/** HubSpot stores time zones as enumeration values like "europe_slash_madrid". */
export function hubspotTimeZone(zone: string): string {
  return zone.toLowerCase().replaceAll('/', '_slash_');
}

/** "owner_ana_garcia" -> Ana Garcia <ana.garcia@…>. */
export function ownerPerson(demoOwnerId: string): { email: string; firstName: string; lastName: string } {
  const [first = 'sales', ...rest] = demoOwnerId.replace(/^owner_/, '').split('_');
  const title = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
  return {
    email: `${[first, ...rest].join('.')}@scorebridge-demo.example`,
    firstName: title(first),
    lastName: rest.map(title).join(' ') || 'Rep',
  };
}

export function companyProperties(account: DemoAccount, ownerId: string): Record<string, string> {
  const values: Record<string, string> = {
    name: account.name,
    domain: account.domain,
    website: `https://www.${account.domain}`,
    industry: account.industry,
    numberofemployees: String(account.employees),
    annualrevenue: String(account.annualRevenue),
    country: account.country,
    lifecyclestage: companyStage[account.status],
    hubspot_owner_id: ownerId,
    customer_status: account.status,
  };
  if (account.plan) values.plan = account.plan;
  if (account.mrr !== null) values.mrr = String(account.mrr);
  if (account.churnedAtMs !== null) values.churn_date = iso(account.churnedAtMs);
  return values;
}

export function contactProperties(
  contact: DemoContact,
  ownerId: string,
  companyName: string,
): Record<string, string> {
  const values: Record<string, string> = {
    email: contact.email,
    firstname: contact.firstName,
    lastname: contact.lastName,
    jobtitle: contact.title,
    company: companyName,
    country: contact.country,
    city: contact.city,
    hs_timezone: hubspotTimeZone(contact.timezone),
    lifecyclestage: lifecycle[contact.lifecycleStage] ?? 'lead',
    hs_buying_role: buyingRoles[contact.role] ?? 'OTHER',
    hs_email_optout: String(!contact.emailOptIn),
    hubspot_owner_id: ownerId,
  };
  if (contact.phone) values.phone = contact.phone;
  return values;
}

export function dealProperties(deal: DemoDeal, ownerId: string): Record<string, string> {
  const values: Record<string, string> = {
    dealname: deal.name,
    amount: String(deal.amount),
    dealstage: stageIds[deal.stage] ?? 'qualifiedtobuy',
    pipeline: 'default',
    deal_currency_code: deal.currency,
    hubspot_owner_id: ownerId,
  };
  if (deal.closedAtMs !== null) values.closedate = iso(deal.closedAtMs);
  return values;
}

export type EngagementDraft =
  | { readonly type: 'emails' | 'meetings' | 'calls' | 'notes'; readonly properties: Record<string, string> }
  | {
      readonly type: 'email_tracking';
      readonly counter: 'hs_email_open_count' | 'hs_email_click_count' | 'hs_email_reply_count';
    };

/**
 * The engagement a demo activity leaves in HubSpot. Opens and clicks are not records of their own
 * there: they count up on the tracked e-mail they belong to. A reply is an incoming e-mail that also
 * counts on the e-mail it answers. Product usage (logins, page views) never reaches the CRM.
 */
export function engagementFor(event: DemoEvent, ownerId: string): EngagementDraft[] {
  const at = iso(event.atMs);
  const base = { hs_timestamp: at, hubspot_owner_id: ownerId };
  switch (event.type) {
    case 'email_sent':
    case 'email_bounce':
      return [
        {
          type: 'emails',
          properties: {
            ...base,
            hs_email_direction: 'EMAIL',
            hs_email_status: event.type === 'email_bounce' ? 'BOUNCED' : 'SENT',
            hs_email_subject: event.campaign ?? 'Checking in',
            hs_email_open_count: '0',
            hs_email_click_count: '0',
            hs_email_reply_count: '0',
          },
        },
      ];
    case 'email_open':
      return [{ type: 'email_tracking', counter: 'hs_email_open_count' }];
    case 'email_click':
      return [{ type: 'email_tracking', counter: 'hs_email_click_count' }];
    case 'email_reply':
      return [
        { type: 'email_tracking', counter: 'hs_email_reply_count' },
        {
          type: 'emails',
          properties: {
            ...base,
            hs_email_direction: 'INCOMING_EMAIL',
            hs_email_status: 'SENT',
            hs_email_subject: 'Re: your note',
          },
        },
      ];
    case 'meeting': {
      const minutes = event.value ?? 30;
      return [
        {
          type: 'meetings',
          properties: {
            ...base,
            hs_meeting_title: 'Customer meeting',
            hs_meeting_start_time: at,
            hs_meeting_end_time: iso(event.atMs + minutes * 60_000),
            hs_meeting_outcome: 'COMPLETED',
          },
        },
      ];
    }
    case 'call':
      return [
        {
          type: 'calls',
          properties: {
            ...base,
            hs_call_title: 'Call',
            hs_call_duration: String(Math.round((event.value ?? 10) * 60_000)),
            hs_call_direction: 'OUTBOUND',
            hs_call_status: 'COMPLETED',
          },
        },
      ];
    case 'support_ticket':
      return [
        {
          type: 'notes',
          properties: {
            ...base,
            hs_note_body: `Customer reported a ${event.severity ?? 'normal'} support issue.`,
          },
        },
      ];
    default:
      return [];
  }
}

import type {
  DemoAccount,
  DemoContact,
  DemoDeal,
  DemoEvent,
  MarketingContact,
  TruthRow,
} from '../model/types.ts';
import { toIso } from '../time.ts';

/**
 * File names and column names are a contract with the file connector's mapping
 * (config/scorebridge.yaml, connectors `demo_files` and `marketing_list`): change them together.
 */
export const demoFiles = {
  accounts: 'accounts.csv',
  contacts: 'contacts.csv',
  deals: 'deals.csv',
  events: 'events.csv',
  marketingContacts: 'marketing_contacts.csv',
  truth: 'truth.csv',
} as const;
export type DemoFileKey = keyof typeof demoFiles;

export const columns = {
  accounts: [
    'account_id',
    'name',
    'domain',
    'industry',
    'employees',
    'annual_revenue',
    'plan',
    'mrr',
    'currency',
    'country',
    'owner_id',
    'status',
    'churned_at',
    'created_at',
    'updated_at',
  ],
  contacts: [
    'contact_id',
    'account_id',
    'email',
    'first_name',
    'last_name',
    'title',
    'role',
    'phone',
    'timezone',
    'country',
    'city',
    'lifecycle_stage',
    'owner_id',
    'email_opt_in',
    'created_at',
    'updated_at',
  ],
  deals: [
    'deal_id',
    'account_id',
    'contact_id',
    'name',
    'stage',
    'status',
    'amount',
    'currency',
    'created_at',
    'closed_at',
    'updated_at',
    'owner_id',
  ],
  events: [
    'event_id',
    'contact_id',
    'account_id',
    'type',
    'occurred_at',
    'value',
    'feature',
    'severity',
    'page',
    'campaign',
    'plan',
    'seats',
  ],
  marketingContacts: [
    'contact_id',
    'email',
    'first_name',
    'last_name',
    'company',
    'title',
    'country',
    'email_opt_in',
    'lifecycle_stage',
    'created_at',
    'updated_at',
  ],
  truth: ['entity_type', 'entity_id', 'account_id', 'outcome', 'occurred_at'],
} as const satisfies Record<DemoFileKey, readonly string[]>;

function text(value: string | null | undefined): string {
  return value ?? '';
}

function num(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function instant(ms: number | null): string {
  return ms === null ? '' : toIso(ms);
}

export function accountRow(a: DemoAccount): string[] {
  return [
    a.id,
    a.name,
    a.domain,
    a.industry,
    num(a.employees),
    num(a.annualRevenue),
    text(a.plan),
    num(a.mrr),
    a.currency,
    a.country,
    a.ownerId,
    a.status,
    instant(a.churnedAtMs),
    instant(a.createdAtMs),
    instant(a.updatedAtMs),
  ];
}

export function contactRow(c: DemoContact): string[] {
  return [
    c.id,
    c.accountId,
    c.email,
    c.firstName,
    c.lastName,
    c.title,
    c.role,
    text(c.phone),
    c.timezone,
    c.country,
    c.city,
    c.lifecycleStage,
    c.ownerId,
    String(c.emailOptIn),
    instant(c.createdAtMs),
    instant(c.updatedAtMs),
  ];
}

export function dealRow(d: DemoDeal): string[] {
  return [
    d.id,
    d.accountId,
    d.contactId,
    d.name,
    d.stage,
    d.status,
    num(d.amount),
    d.currency,
    instant(d.createdAtMs),
    instant(d.closedAtMs),
    instant(d.updatedAtMs),
    d.ownerId,
  ];
}

export function eventRow(id: string, e: DemoEvent): string[] {
  return [
    id,
    e.contactId,
    e.accountId,
    e.type,
    toIso(e.atMs),
    num(e.value),
    text(e.feature),
    text(e.severity),
    text(e.page),
    text(e.campaign),
    text(e.plan),
    num(e.seats),
  ];
}

export function marketingRow(m: MarketingContact): string[] {
  return [
    m.id,
    m.email,
    m.firstName,
    m.lastName,
    m.company,
    m.title,
    m.country,
    String(m.emailOptIn),
    m.lifecycleStage,
    instant(m.createdAtMs),
    instant(m.updatedAtMs),
  ];
}

export function truthRow(t: TruthRow): string[] {
  return [t.entityType, t.entityId, t.accountId, t.outcome, toIso(t.atMs)];
}

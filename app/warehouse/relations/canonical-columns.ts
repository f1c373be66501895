import type { RecordKind } from '../../../core/schema/index.ts';
import type { SqlType } from './relation-sql.ts';

export const CANONICAL_NAMES = ['sb_accounts', 'sb_contacts', 'sb_events', 'sb_deals'] as const;
export type CanonicalName = (typeof CANONICAL_NAMES)[number];

/** Config key of each relation under inWarehouse.relations. */
export const RELATION_KEYS: Readonly<Record<CanonicalName, 'accounts' | 'contacts' | 'events' | 'deals'>> = {
  sb_accounts: 'accounts',
  sb_contacts: 'contacts',
  sb_events: 'events',
  sb_deals: 'deals',
};

/** The columns (and SQL types) of each canonical relation, in order. */
export const CANONICAL_COLUMNS: Readonly<Record<CanonicalName, readonly (readonly [string, SqlType])[]>> = {
  sb_contacts: [
    ['contact_id', 'text'],
    ['account_id', 'text'],
    ['created_ms', 'number'],
    ['updated_ms', 'number'],
    ['role', 'text'],
    ['title', 'text'],
    ['country', 'text'],
    ['city', 'text'],
    ['lifecycle_stage', 'text'],
    ['properties', 'text'],
    ['active', 'bool'],
  ],
  sb_accounts: [
    ['account_id', 'text'],
    ['created_ms', 'number'],
    ['updated_ms', 'number'],
    ['industry', 'text'],
    ['country', 'text'],
    ['employees', 'number'],
    ['annual_revenue', 'number'],
    ['plan', 'text'],
    ['mrr', 'number'],
    ['status', 'text'],
    ['churned_ms', 'number'],
    ['properties', 'text'],
    ['active', 'bool'],
  ],
  sb_events: [
    ['event_id', 'text'],
    ['contact_id', 'text'],
    ['account_id', 'text'],
    ['in_contact', 'bool'],
    ['name', 'text'],
    ['at_ms', 'number'],
    ['value', 'number'],
    ['properties', 'text'],
  ],
  sb_deals: [
    ['deal_id', 'text'],
    ['account_id', 'text'],
    ['contact_id', 'text'],
    ['status', 'text'],
    ['amount', 'number'],
    ['created_ms', 'number'],
    ['closed_ms', 'number'],
    ['updated_ms', 'number'],
  ],
};

/** What each canonical column holds, for dbt's schema.yml and the README. */
export const CANONICAL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  contact_id: 'scorebridge contact id: c_ + 20 hex digits of sha256("ref:<system>/<objectType>/<id>")',
  account_id: 'scorebridge account id: a_ + 20 hex digits of sha256("ref:<system>/<objectType>/<id>")',
  event_id: "an id ordering the entity's events that share an instant",
  deal_id: "the deal's id in its source",
  created_ms: 'when the record was created, epoch milliseconds (UTC)',
  updated_ms: 'when the record was last updated, epoch milliseconds (UTC)',
  churned_ms: 'when the account churned, epoch milliseconds (UTC)',
  closed_ms: 'when the deal closed, epoch milliseconds (UTC)',
  at_ms: 'when the event happened, epoch milliseconds (UTC)',
  properties: 'extra source columns as a JSON object (text)',
  active: 'false for deleted and merged records, which are never scored',
  in_contact: "whether the event belongs to its person's own history (no company, or the person's company)",
  name: 'canonical event type (login, page_view, purchase, ...)',
  value: 'the magnitude of the event (amount, minutes, count) when it has one',
  status: 'account: prospect | trial | active | churned; deal: open | won | lost',
  amount: 'deal amount',
};

/** Source SELECT columns per kind, for unions and empty relations. */
export const SOURCE_COLUMNS: Readonly<Record<RecordKind, readonly (readonly [string, SqlType])[]>> = {
  account: [
    ['account_id', 'text'],
    ['merged_ref', 'text'],
    ['created_ms', 'number'],
    ['updated_ms', 'number'],
    ['industry', 'text'],
    ['country', 'text'],
    ['employees', 'number'],
    ['annual_revenue', 'number'],
    ['plan', 'text'],
    ['mrr', 'number'],
    ['status', 'text'],
    ['churned_ms', 'number'],
    ['properties', 'text'],
    ['deleted', 'bool'],
  ],
  contact: [
    ['contact_id', 'text'],
    ['merged_ref', 'text'],
    ['account_ref', 'text'],
    ['email_key', 'text'],
    ['created_ms', 'number'],
    ['updated_ms', 'number'],
    ['role', 'text'],
    ['title', 'text'],
    ['country', 'text'],
    ['city', 'text'],
    ['lifecycle_stage', 'text'],
    ['properties', 'text'],
    ['deleted', 'bool'],
  ],
  event: [
    ['event_id', 'text'],
    ['contact_ref', 'text'],
    ['account_ref', 'text'],
    ['email_key', 'text'],
    ['name', 'text'],
    ['at_ms', 'number'],
    ['value', 'number'],
    ['properties', 'text'],
    ['deleted', 'bool'],
  ],
  deal: [
    ['deal_id', 'text'],
    ['contact_ref', 'text'],
    ['account_ref', 'text'],
    ['email_key', 'text'],
    ['status', 'text'],
    ['amount', 'number'],
    ['created_ms', 'number'],
    ['closed_ms', 'number'],
    ['updated_ms', 'number'],
    ['deleted', 'bool'],
  ],
};

export const KIND_NAMES: Readonly<Record<RecordKind, string>> = {
  account: 'accounts',
  contact: 'contacts',
  event: 'events',
  deal: 'deals',
};

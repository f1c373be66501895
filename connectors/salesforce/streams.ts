import type { RecordKind } from '../../core/schema/index.ts';

export const salesforceStreamNames = [
  'accounts',
  'contacts',
  'leads',
  'opportunities',
  'tasks',
  'events',
] as const;
export type SalesforceStreamName = (typeof salesforceStreamNames)[number];

export interface StreamSpec {
  readonly name: SalesforceStreamName;
  readonly object: 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'Task' | 'Event';
  readonly kind: RecordKind;
  /** Fields the mapping needs; an org that hides one of them cannot be synced. */
  readonly required: readonly string[];
  /** Standard fields read when the org (edition, API version) has them. */
  readonly optional: readonly string[];
  /** Canonical fields a config may point at another Salesforce field, with the default (null: unmapped). */
  readonly mappable: Readonly<Record<string, string | null>>;
  /** Standard fields kept verbatim as properties. */
  readonly properties: readonly string[];
  /** Default {Salesforce value: canonical value} maps per canonical field. */
  readonly valueMaps: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const lifecycle = ['Id', 'IsDeleted', 'SystemModstamp', 'CreatedDate'];

const personMappable = {
  title: 'Title',
  phone: 'Phone',
  role: null,
  timezone: null,
  lifecycleStage: null,
  ownerId: 'OwnerId',
} as const;

export const streamSpecs: Readonly<Record<SalesforceStreamName, StreamSpec>> = {
  accounts: {
    name: 'accounts',
    object: 'Account',
    kind: 'account',
    required: [...lifecycle, 'MasterRecordId', 'Name'],
    optional: [
      'Website',
      'Industry',
      'NumberOfEmployees',
      'AnnualRevenue',
      'BillingCountry',
      'Type',
      'OwnerId',
    ],
    mappable: {
      domain: 'Website',
      industry: 'Industry',
      country: 'BillingCountry',
      status: 'Type',
      ownerId: 'OwnerId',
      plan: null,
      mrr: null,
      currency: null,
      churnedAt: null,
    },
    properties: ['Type'],
    valueMaps: {
      status: {
        Prospect: 'prospect',
        Trial: 'trial',
        Customer: 'active',
        'Customer - Direct': 'active',
        'Customer - Channel': 'active',
        'Former Customer': 'churned',
      },
    },
  },
  contacts: {
    name: 'contacts',
    object: 'Contact',
    kind: 'contact',
    required: [...lifecycle, 'MasterRecordId', 'Email', 'FirstName', 'LastName', 'AccountId'],
    optional: [
      'Title',
      'Phone',
      'MailingCity',
      'MailingCountry',
      'HasOptedOutOfEmail',
      'OwnerId',
      'LeadSource',
    ],
    mappable: { ...personMappable, city: 'MailingCity', country: 'MailingCountry' },
    properties: ['LeadSource'],
    valueMaps: {},
  },
  leads: {
    name: 'leads',
    object: 'Lead',
    kind: 'contact',
    required: [
      ...lifecycle,
      'MasterRecordId',
      'Email',
      'FirstName',
      'LastName',
      'Company',
      'IsConverted',
      'ConvertedContactId',
    ],
    optional: ['Title', 'Phone', 'City', 'Country', 'Status', 'HasOptedOutOfEmail', 'OwnerId', 'LeadSource'],
    mappable: { ...personMappable, city: 'City', country: 'Country' },
    properties: ['Company', 'Status', 'LeadSource'],
    valueMaps: {},
  },
  opportunities: {
    name: 'opportunities',
    object: 'Opportunity',
    kind: 'deal',
    required: [...lifecycle, 'Name', 'AccountId', 'StageName', 'IsClosed', 'IsWon', 'CloseDate'],
    optional: ['Amount', 'ContactId', 'OwnerId', 'Probability', 'Type'],
    // CurrencyIsoCode exists only in multi-currency orgs; absent, deals carry no currency.
    mappable: { stage: 'StageName', ownerId: 'OwnerId', currency: 'CurrencyIsoCode' },
    properties: ['Probability', 'Type'],
    valueMaps: {},
  },
  tasks: {
    name: 'tasks',
    object: 'Task',
    kind: 'event',
    required: [...lifecycle, 'WhoId', 'WhatId', 'AccountId', 'Subject'],
    optional: [
      'Type',
      'TaskSubtype',
      'Status',
      'ActivityDate',
      'CompletedDateTime',
      'CallDurationInSeconds',
      'OwnerId',
    ],
    mappable: {},
    properties: ['Subject', 'Type', 'TaskSubtype', 'Status', 'OwnerId'],
    valueMaps: {},
  },
  events: {
    name: 'events',
    object: 'Event',
    kind: 'event',
    required: [...lifecycle, 'WhoId', 'WhatId', 'AccountId', 'StartDateTime'],
    optional: ['Subject', 'Type', 'DurationInMinutes', 'OwnerId'],
    mappable: {},
    properties: ['Subject', 'Type', 'OwnerId'],
    valueMaps: {},
  },
};

export function customizableFields(stream: SalesforceStreamName): string[] {
  return Object.keys(streamSpecs[stream].mappable);
}

export function isSalesforceStream(name: string): name is SalesforceStreamName {
  return (salesforceStreamNames as readonly string[]).includes(name);
}

import { generateAccountBundle } from '../../../demo/model/account-bundle.ts';
import { DomainRegistry } from '../../../demo/model/domains.ts';
import { IdSequence } from '../../../demo/model/ids.ts';
import type { AccountBundle, DemoContact, DemoDeal, DemoEvent } from '../../../demo/model/types.ts';
import { DEFAULT_AS_OF, makeCalendar } from '../../../demo/time.ts';
import type { OrgState } from '../org-state.ts';
import type { FieldValue } from '../values.ts';
import { addDemoCustomFields } from './demo-fields.ts';

export interface DemoSeedOptions {
  /** People to generate (2-8 per account), as in `scorebridge demo-data --contacts`. */
  readonly contacts: number;
  readonly seed: number;
  readonly asOf?: string;
}

export interface DemoSeedSummary {
  readonly counts: Readonly<
    Record<'User' | 'Account' | 'Contact' | 'Lead' | 'Opportunity' | 'Task' | 'Event', number>
  >;
  /** Demo id ("acc_000001", "con_0000001", "deal_000001") -> Salesforce id. */
  readonly ids: ReadonlyMap<string, string>;
}

const ACCOUNT_TYPE = {
  prospect: 'Prospect',
  trial: 'Trial',
  active: 'Customer',
  churned: 'Former Customer',
} as const;
const STAGE: Readonly<Record<string, string>> = {
  Qualification: 'Qualification',
  Demo: 'Needs Analysis',
  Proposal: 'Proposal/Price Quote',
  Negotiation: 'Negotiation/Review',
  'Closed Won': 'Closed Won',
  'Closed Lost': 'Closed Lost',
};
const DAY_MS = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Early-funnel people are Leads; people sales has qualified or sold to are Contacts. */
const isLead = (person: DemoContact) => person.lifecycleStage === 'lead' || person.lifecycleStage === 'mql';

class DemoLoader {
  readonly #state: OrgState;
  readonly ids = new Map<string, string>();
  readonly counts = { User: 0, Account: 0, Contact: 0, Lead: 0, Opportunity: 0, Task: 0, Event: 0 };

  constructor(state: OrgState) {
    this.#state = state;
  }

  #load(object: keyof DemoLoader['counts'], row: Record<string, FieldValue>): string {
    this.counts[object]++;
    return this.#state.load(object, [row])[0]!;
  }

  owner(ownerId: string): string {
    const known = this.ids.get(ownerId);
    if (known) return known;
    const [first = 'Sales', last = 'Rep'] = ownerId.replace(/^owner_/, '').split('_');
    const cap = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
    const username = `${first}.${last}@demo-sales.example`;
    const id = this.#load('User', {
      FirstName: cap(first),
      LastName: cap(last),
      Username: username,
      Email: username,
      IsActive: true,
      Alias: first.slice(0, 8),
    });
    this.ids.set(ownerId, id);
    return id;
  }

  bundle(bundle: AccountBundle): void {
    const { account } = bundle;
    const accountId = this.#load('Account', {
      Name: account.name,
      Type: ACCOUNT_TYPE[account.status],
      Industry: account.industry,
      Website: `https://www.${account.domain}`,
      NumberOfEmployees: account.employees,
      AnnualRevenue: account.annualRevenue,
      BillingCountry: account.country,
      OwnerId: this.owner(account.ownerId),
      Plan__c: account.plan,
      MRR__c: account.mrr,
      Churned_At__c: account.churnedAtMs,
      CreatedDate: account.createdAtMs,
      SystemModstamp: account.updatedAtMs,
    });
    this.ids.set(account.id, accountId);
    for (const person of bundle.contacts) this.#person(person, accountId, account.name, account.domain);
    for (const deal of bundle.deals) this.#deal(deal, accountId);
    for (const event of bundle.events) this.#activity(event, accountId);
  }

  #person(person: DemoContact, accountId: string, company: string, domain: string): void {
    const common = {
      FirstName: person.firstName,
      LastName: person.lastName,
      Email: person.email,
      Phone: person.phone,
      Title: person.title,
      HasOptedOutOfEmail: !person.emailOptIn,
      OwnerId: this.owner(person.ownerId),
      Buying_Role__c: person.role,
      Time_Zone__c: person.timezone,
      Lifecycle_Stage__c: person.lifecycleStage,
      CreatedDate: person.createdAtMs,
      SystemModstamp: person.updatedAtMs,
    };
    const id = isLead(person)
      ? this.#load('Lead', {
          ...common,
          Company: company,
          Website: `https://www.${domain}`,
          City: person.city,
          Country: person.country,
          Status: person.lifecycleStage === 'lead' ? 'Open - Not Contacted' : 'Working - Contacted',
        })
      : this.#load('Contact', {
          ...common,
          AccountId: accountId,
          MailingCity: person.city,
          MailingCountry: person.country,
        });
    this.ids.set(person.id, id);
  }

  #deal(deal: DemoDeal, accountId: string): void {
    const contactId = this.ids.get(deal.contactId);
    const id = this.#load('Opportunity', {
      AccountId: accountId,
      ContactId: contactId?.startsWith('003') ? contactId : null,
      Name: deal.name,
      StageName:
        STAGE[deal.stage] ??
        (deal.status === 'won' ? 'Closed Won' : deal.status === 'lost' ? 'Closed Lost' : 'Prospecting'),
      Amount: deal.amount,
      CloseDate: day(deal.closedAtMs ?? deal.createdAtMs + 30 * DAY_MS),
      OwnerId: this.owner(deal.ownerId),
      CreatedDate: deal.createdAtMs,
      SystemModstamp: deal.updatedAtMs,
    });
    this.ids.set(deal.id, id);
  }

  /** Sales activity only: calls, e-mails and meetings live in Salesforce; product usage does not. */
  #activity(event: DemoEvent, accountId: string): void {
    const whoId = this.ids.get(event.contactId) ?? null;
    // Salesforce refuses a WhatId on activities whose WhoId is a Lead.
    const whatId = whoId?.startsWith('00Q') ? null : accountId;
    const base = { WhoId: whoId, WhatId: whatId, CreatedDate: event.atMs, SystemModstamp: event.atMs };
    switch (event.type) {
      case 'call':
        this.#load('Task', {
          ...base,
          Subject: 'Call',
          TaskSubtype: 'Call',
          Type: 'Call',
          Status: 'Completed',
          Priority: 'Normal',
          ActivityDate: day(event.atMs),
          CompletedDateTime: event.atMs,
          CallDurationInSeconds: Math.round((event.value ?? 5) * 60),
          CallType: 'Outbound',
        });
        return;
      case 'email_sent':
      case 'email_reply':
        this.#load('Task', {
          ...base,
          Subject: event.type === 'email_reply' ? 'Email reply' : `Email: ${event.campaign ?? 'follow-up'}`,
          TaskSubtype: event.campaign ? 'ListEmail' : 'Email',
          Type: 'Email',
          Status: 'Completed',
          Priority: 'Normal',
          ActivityDate: day(event.atMs),
          CompletedDateTime: event.atMs,
        });
        return;
      case 'meeting': {
        const minutes = Math.round(event.value ?? 30);
        this.#load('Event', {
          ...base,
          Subject: 'Meeting',
          Type: 'Meeting',
          StartDateTime: event.atMs,
          EndDateTime: event.atMs + minutes * 60_000,
          DurationInMinutes: minutes,
          IsAllDayEvent: false,
        });
        return;
      }
      default:
        return;
    }
  }
}

/**
 * Fills the org from the demo generator's model (the same business `scorebridge demo-data`
 * writes as CSV): accounts with subscription fields, early-funnel people as Leads and the rest
 * as Contacts, deals as Opportunities, calls and e-mails as Tasks, meetings as Events.
 * SystemModstamp is each record's last change in the demo history.
 */
export function seedSalesforceFromDemo(state: OrgState, options: DemoSeedOptions): DemoSeedSummary {
  addDemoCustomFields(state);
  const calendar = makeCalendar(Date.parse(options.asOf ?? DEFAULT_AS_OF));
  const domains = new DomainRegistry();
  const sequence = new IdSequence();
  const loader = new DemoLoader(state);
  let done = 0;
  for (let accountIndex = 0; done < options.contacts; accountIndex++) {
    const bundle = generateAccountBundle({
      seed: options.seed,
      accountIndex,
      maxContacts: options.contacts - done,
      calendar,
      domains,
      ids: sequence,
    });
    loader.bundle(bundle);
    done += bundle.contacts.length;
  }
  return { counts: { ...loader.counts }, ids: loader.ids };
}

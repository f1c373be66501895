import { generateAccountBundle } from '../../../demo/model/account-bundle.ts';
import { DomainRegistry } from '../../../demo/model/domains.ts';
import { IdSequence } from '../../../demo/model/ids.ts';
import type { AccountBundle } from '../../../demo/model/types.ts';
import { DEFAULT_AS_OF, makeCalendar, parseAsOf, WEEK_MS } from '../../../demo/time.ts';
import { seededRandom } from '../random.ts';
import type { CrmState } from '../state/crm-state.ts';
import { engagementTypes } from '../state/object-types.ts';
import {
  companyProperties,
  contactProperties,
  dealProperties,
  engagementFor,
  ownerPerson,
} from './demo-mapping.ts';

export interface DemoSeedOptions {
  /** CRM contacts to create (companies follow: 2-8 contacts each), as in the demo generator. */
  readonly contacts: number;
  readonly seed?: number;
  /** The demo business's "now" (default 2026-11-01). */
  readonly asOf?: string;
  /** Share of demo activities kept as engagements, to size a portal (default 1). */
  readonly engagementRatio?: number;
  /** Stop creating engagements after this many. */
  readonly maxEngagements?: number;
  readonly onProgress?: (contactsDone: number, total: number) => void;
}

export interface DemoSeedSummary {
  readonly owners: number;
  readonly companies: number;
  readonly contacts: number;
  readonly deals: number;
  readonly engagements: Readonly<Record<(typeof engagementTypes)[number], number>>;
  /** Demo ids ("con_0000042") -> HubSpot ids, for tests that compare with the demo files. */
  readonly ids: ReadonlyMap<string, string>;
}

/** Custom company properties a SaaS portal typically adds: plan, MRR, customer status, churn date. */
function ensureDemoProperties(state: CrmState): void {
  const now = state.now();
  const add = (name: string, label: string, type: string, fieldType: string, options?: string[]): void => {
    if (state.properties.get('companies', name)) return;
    state.properties.create(
      'companies',
      {
        name,
        label,
        type,
        fieldType,
        groupName: 'companyinformation',
        options: options?.map((value) => ({ label: value, value })),
      },
      now,
    );
  };
  add('plan', 'Plan', 'string', 'text');
  add('mrr', 'MRR', 'number', 'number');
  add('customer_status', 'Customer status', 'enumeration', 'select', [
    'prospect',
    'trial',
    'active',
    'churned',
  ]);
  add('churn_date', 'Churn date', 'datetime', 'date');
}

/**
 * Fills a portal with the demo business (the same generator as `scorebridge demo`): owners,
 * companies, contacts, deals with their stages, and the activity history as e-mails (with open,
 * click and reply counts), meetings, calls, notes and follow-up tasks, all associated.
 */
export function seedHubspotFromDemo(
  target: CrmState | { readonly state: CrmState },
  options: DemoSeedOptions,
): DemoSeedSummary {
  const state = 'state' in target ? target.state : target;
  ensureDemoProperties(state);
  const seed = options.seed ?? 42;
  const calendar = makeCalendar(parseAsOf(options.asOf ?? DEFAULT_AS_OF));
  const domains = new DomainRegistry();
  const sequence = new IdSequence();
  const keep = seededRandom(seed ^ 0x5eed);
  const ratio = options.engagementRatio ?? 1;
  const maxEngagements = options.maxEngagements ?? Number.POSITIVE_INFINITY;
  const owners = new Map<string, string>();
  const ids = new Map<string, string>();
  const counts = {
    companies: 0,
    contacts: 0,
    deals: 0,
    engagements: Object.fromEntries(engagementTypes.map((t) => [t, 0])) as Record<
      (typeof engagementTypes)[number],
      number
    >,
  };
  let engagementTotal = 0;
  const ownerOf = (demoOwner: string): string => {
    let id = owners.get(demoOwner);
    if (!id) {
      id = state.owners.add(ownerPerson(demoOwner)).id;
      owners.set(demoOwner, id);
    }
    return id;
  };

  const seedBundle = (bundle: AccountBundle): void => {
    const account = bundle.account;
    const company = state.create('companies', companyProperties(account, ownerOf(account.ownerId)), {
      createdAt: account.createdAtMs,
      updatedAt: account.updatedAtMs,
    });
    ids.set(account.id, String(company.id));
    counts.companies++;
    const contactIds = new Map<string, number>();
    for (const contact of bundle.contacts) {
      const created = state.create(
        'contacts',
        contactProperties(contact, ownerOf(contact.ownerId), account.name),
        {
          createdAt: contact.createdAtMs,
          updatedAt: contact.updatedAtMs,
        },
      );
      state.associate('contacts', created.id, 'companies', company.id);
      contactIds.set(contact.id, created.id);
      ids.set(contact.id, String(created.id));
      counts.contacts++;
    }
    const budget = (): boolean => engagementTotal < maxEngagements && (ratio >= 1 || keep() < ratio);
    const engage = (
      type: (typeof engagementTypes)[number],
      properties: Record<string, string>,
      at: number,
      contactId: number | undefined,
    ): number => {
      const created = state.create(type, properties, { createdAt: at, updatedAt: at });
      if (contactId !== undefined) state.associate(type, created.id, 'contacts', contactId);
      state.associate(type, created.id, 'companies', company.id);
      counts.engagements[type]++;
      engagementTotal++;
      return created.id;
    };
    for (const deal of bundle.deals) {
      const created = state.create('deals', dealProperties(deal, ownerOf(deal.ownerId)), {
        createdAt: deal.createdAtMs,
        updatedAt: deal.updatedAtMs,
      });
      state.associate('deals', created.id, 'companies', company.id);
      const contactId = contactIds.get(deal.contactId);
      if (contactId !== undefined) state.associate('deals', created.id, 'contacts', contactId);
      ids.set(deal.id, String(created.id));
      counts.deals++;
      if (deal.closedAtMs === null && budget()) {
        const due = deal.createdAtMs + 2 * WEEK_MS;
        const taskProperties = {
          hs_timestamp: new Date(due).toISOString(),
          hs_task_subject: `Follow up on ${deal.name}`,
          hs_task_status: due < calendar.asOfMs ? 'COMPLETED' : 'NOT_STARTED',
          hs_task_priority: 'MEDIUM',
          hs_task_type: 'TODO',
          hubspot_owner_id: ownerOf(deal.ownerId),
        };
        const task = engage('tasks', taskProperties, deal.createdAtMs, contactId);
        state.associate('tasks', task, 'deals', created.id);
      }
    }
    const lastEmail = new Map<number, number>();
    for (const event of bundle.events) {
      const contactId = contactIds.get(event.contactId);
      for (const draft of engagementFor(event, ownerOf(account.ownerId))) {
        if (draft.type === 'email_tracking') {
          const email =
            contactId === undefined ? undefined : state.tables.emails.get(lastEmail.get(contactId) ?? -1);
          if (email)
            email.properties[draft.counter] = String(Number(email.properties[draft.counter] ?? '0') + 1);
          continue;
        }
        if (!budget()) continue;
        const id = engage(draft.type, draft.properties, event.atMs, contactId);
        if (
          draft.type === 'emails' &&
          draft.properties.hs_email_direction === 'EMAIL' &&
          contactId !== undefined
        )
          lastEmail.set(contactId, id);
      }
    }
  };

  for (let accountIndex = 0; counts.contacts < options.contacts; accountIndex++) {
    seedBundle(
      generateAccountBundle({
        seed,
        accountIndex,
        maxContacts: options.contacts - counts.contacts,
        calendar,
        domains,
        ids: sequence,
      }),
    );
    options.onProgress?.(counts.contacts, options.contacts);
  }
  return { owners: owners.size, ...counts, ids };
}

import type { Account, Contact, ResolvedEvent, Score, SourceRef } from '../../../core/schema/index.ts';
import type { DashboardContext } from './context.ts';
import { DAY_MS } from './format.ts';
import { type ListedRecord, personName, recordsFor } from './list-data.ts';
import { type EnrollmentView, enrollmentsOf, type OutboxItem, outboxOf } from './record-workflows.ts';

/** Everything an account or contact page shows. */
export interface RecordView {
  readonly entity: 'account' | 'contact';
  readonly id: string;
  readonly name: string;
  readonly account: Account | null;
  readonly contact: Contact | null;
  /** The contact's company, for a contact page. */
  readonly company: ListedRecord | null;
  readonly sources: readonly SourceRef[];
  readonly scores: readonly Score[];
  readonly history: readonly Score[];
  /** The account's people (account page), with their scores. */
  readonly people: readonly ListedRecord[];
  readonly peopleTotal: number;
  readonly events: readonly ResolvedEvent[];
  readonly contactNames: ReadonlyMap<string, string>;
  readonly enrollments: readonly EnrollmentView[];
  /** Workflow name -> the model whose tier it enrolls by. */
  readonly tierModels: ReadonlyMap<string, string>;
  readonly outbox: readonly OutboxItem[];
  readonly asOf: string;
  readonly from: string;
}

/** People shown on an account page, best leads first. */
const PEOPLE_SHOWN = 50;

/**
 * Reads one record's page data, or null when there is no such record. A record merged into another
 * answers with the survivor's id so the page can redirect to it.
 */
export async function loadRecord(
  ctx: DashboardContext,
  entity: 'account' | 'contact',
  requestedId: string,
  rangeDays: number,
): Promise<RecordView | { redirect: string } | null> {
  const { store } = ctx.deps;
  const db = store.database;
  const id = await store.resolveId(entity, requestedId);
  if (id !== requestedId) return { redirect: id };
  const account = entity === 'account' ? await store.getAccount(id) : null;
  const contact = entity === 'contact' ? await store.getContact(id) : null;
  if (!account && !contact) return null;
  const asOf = ctx.asOf();
  const from = new Date(Date.parse(asOf) - rangeDays * DAY_MS).toISOString();
  const [scores, history] = await Promise.all([
    store.currentScores(entity, id),
    store.scoreHistory(entity, id),
  ]);
  const events = (await store.eventsFor(entity, [id], { from }))[0]?.events ?? [];
  const contactNames = new Map<string, string>();
  let people: ListedRecord[] = [];
  let peopleTotal = 0;
  let company: ListedRecord | null = null;
  if (account) {
    const contacts = await store.contactsOfAccount(id);
    peopleTotal = contacts.length;
    for (const c of contacts) contactNames.set(c.id, personName(c.firstName, c.lastName, c.email));
    const lead = ctx.modelsFor('contact').primary;
    const ranked = lead
      ? (
          db
            .prepare(
              `SELECT entity_id FROM scores WHERE entity_type = 'contact' AND model = ? AND entity_id IN (${contacts.map(() => '?').join(', ') || "''"}) ORDER BY value DESC`,
            )
            .all(lead.name, ...contacts.map((c) => c.id)) as { entity_id: string }[]
        ).map((r) => r.entity_id)
      : [];
    const order = [...new Set([...ranked, ...contacts.map((c) => c.id)])].slice(0, PEOPLE_SHOWN);
    people = recordsFor(db, 'contact', order);
  }
  if (contact) {
    contactNames.set(contact.id, personName(contact.firstName, contact.lastName, contact.email));
    if (contact.accountId) company = recordsFor(db, 'account', [contact.accountId])[0] ?? null;
  }
  const workflows = await ctx.workflows();
  const definitions = new Map((workflows?.workflows ?? []).map((w) => [w.name, w]));
  return {
    entity,
    id,
    name: account
      ? (account.name ?? account.domain ?? 'unnamed company')
      : personName(contact!.firstName, contact!.lastName, contact!.email),
    account,
    contact,
    company,
    sources: (account ?? contact)!.sources,
    scores,
    history,
    people,
    peopleTotal,
    events,
    contactNames,
    enrollments: enrollmentsOf(db, entity, id, definitions),
    tierModels: workflows?.tierModels ?? new Map(),
    outbox: outboxOf(db, entity, id),
    asOf,
    from,
  };
}

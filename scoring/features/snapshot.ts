import type { Account, Contact, Deal, EntityType, ResolvedEvent } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';

/**
 * Everything the store knows about one entity, as fetched for one walk. `events` stop at the walk's
 * `before` instant; deals and entity attributes are as of now, so they hold the future too: the
 * feature code only reads them through the point-in-time view (point-in-time.ts), labels read them
 * whole.
 */
export type EntitySnapshot = ContactSnapshot | AccountSnapshot;

export interface ContactSnapshot {
  readonly entityType: 'contact';
  readonly id: string;
  readonly contact: Contact;
  readonly account: Account | null;
  readonly contactDeals: readonly Deal[];
  /** Deals of the contact's account (including the contact's own). */
  readonly accountDeals: readonly Deal[];
  readonly events: readonly ResolvedEvent[];
  /** Events of the contact's whole account (every colleague), for account-level engagement. */
  readonly accountEvents: readonly ResolvedEvent[];
}

export interface AccountSnapshot {
  readonly entityType: 'account';
  readonly id: string;
  readonly account: Account;
  readonly deals: readonly Deal[];
  /** The account's own events plus those of its contacts. */
  readonly events: readonly ResolvedEvent[];
}

export interface WalkOptions {
  /** Exclusive upper bound on event time: the latest cutoff the walk serves. */
  readonly before: string;
  /** Entities per page (default 500); memory is bounded by it. */
  readonly pageSize?: number;
  /** Keeps only the entities this returns true for, before their events are fetched. */
  readonly filter?: (entity: Contact | Account) => boolean;
}

function groupDeals(deals: readonly Deal[], key: (deal: Deal) => string | null): Map<string, Deal[]> {
  const out = new Map<string, Deal[]>();
  for (const deal of deals) {
    const id = key(deal);
    if (id === null) continue;
    const list = out.get(id);
    if (list) list.push(deal);
    else out.set(id, [deal]);
  }
  return out;
}

async function accountsById(store: CanonicalStore, ids: readonly string[]): Promise<Map<string, Account>> {
  const out = new Map<string, Account>();
  for (const id of ids) {
    const account = await store.getAccount(id);
    if (account) out.set(id, account);
  }
  return out;
}

export async function contactSnapshots(
  store: CanonicalStore,
  contacts: readonly Contact[],
  before: string,
): Promise<ContactSnapshot[]> {
  const ids = contacts.map((c) => c.id);
  const accountIds = [...new Set(contacts.map((c) => c.accountId).filter((id): id is string => id !== null))];
  // An account's events include its people's, so only people without an account need their own query.
  const loners = contacts.filter((c) => c.accountId === null).map((c) => c.id);
  const [events, accountEvents, accountDeals, accounts] = await Promise.all([
    store.eventsFor('contact', loners, { before }),
    store.eventsFor('account', accountIds, { before }),
    store.dealsFor('account', accountIds),
    accountsById(store, accountIds),
  ]);
  const contactDeals = await store.dealsFor('contact', ids);
  const dealsByAccount = groupDeals(accountDeals, (d) => d.accountId);
  const dealsByContact = groupDeals(contactDeals, (d) => d.contactId);
  const accountEventsById = new Map(accountEvents.map((e) => [e.entityId, e.events]));
  const eventsById = new Map(events.map((e) => [e.entityId, e.events]));
  for (const [, list] of accountEventsById) {
    for (const event of list) {
      if (event.contactId === null) continue;
      const own = eventsById.get(event.contactId);
      if (own) own.push(event);
      else eventsById.set(event.contactId, [event]);
    }
  }
  return contacts.map((contact) => ({
    entityType: 'contact',
    id: contact.id,
    contact,
    account: contact.accountId ? (accounts.get(contact.accountId) ?? null) : null,
    contactDeals: dealsByContact.get(contact.id) ?? [],
    accountDeals: contact.accountId ? (dealsByAccount.get(contact.accountId) ?? []) : [],
    events: eventsById.get(contact.id) ?? [],
    accountEvents: contact.accountId ? (accountEventsById.get(contact.accountId) ?? []) : [],
  }));
}

export async function accountSnapshots(
  store: CanonicalStore,
  accounts: readonly Account[],
  before: string,
): Promise<AccountSnapshot[]> {
  const ids = accounts.map((a) => a.id);
  const [events, deals] = await Promise.all([
    store.eventsFor('account', ids, { before }),
    store.dealsFor('account', ids),
  ]);
  const dealsByAccount = groupDeals(deals, (d) => d.accountId);
  const eventsById = new Map(events.map((e) => [e.entityId, e.events]));
  return accounts.map((account) => ({
    entityType: 'account',
    id: account.id,
    account,
    deals: dealsByAccount.get(account.id) ?? [],
    events: eventsById.get(account.id) ?? [],
  }));
}

/** Walks every active entity page by page; each page's events and deals are fetched in bulk. */
export async function* walkSnapshots(
  store: CanonicalStore,
  entityType: EntityType,
  options: WalkOptions,
): AsyncIterable<EntitySnapshot[]> {
  const batchSize = options.pageSize ?? 500;
  const keep = options.filter ?? (() => true);
  if (entityType === 'contact') {
    for await (const page of store.iterateContacts({ batchSize })) {
      const kept = page.filter(keep);
      if (kept.length > 0) yield await contactSnapshots(store, kept, options.before);
    }
    return;
  }
  for await (const page of store.iterateAccounts({ batchSize })) {
    const kept = page.filter(keep);
    if (kept.length > 0) yield await accountSnapshots(store, kept, options.before);
  }
}

/** One entity's snapshot (null when the id is unknown); ids of merged-away entities resolve to the survivor. */
export async function loadSnapshot(
  store: CanonicalStore,
  entityType: EntityType,
  id: string,
  before: string,
): Promise<EntitySnapshot | null> {
  const resolved = await store.resolveId(entityType, id);
  if (entityType === 'contact') {
    const contact = await store.getContact(resolved);
    return contact ? ((await contactSnapshots(store, [contact], before))[0] ?? null) : null;
  }
  const account = await store.getAccount(resolved);
  return account ? ((await accountSnapshots(store, [account], before))[0] ?? null) : null;
}

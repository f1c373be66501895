import type { Account, Deal, ResolvedEvent } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { type ActivitySummary, summarizeActivity } from '../../../scoring/features/activity-summary.ts';
import { isoOf } from '../../../scoring/features/time.ts';
import { StoreBoundCache, StoreVersion } from './store-version.ts';

/**
 * What every person of one account shares at one cutoff, read and summarised once: the account,
 * its deals, the activity of the whole account and of each of its people (a person's events in a
 * contact snapshot are the account's events that are theirs, see snapshot.ts).
 */
export interface AccountBundle {
  readonly account: Account | null;
  readonly deals: readonly Deal[];
  readonly activity: ActivitySummary;
  /** Activity per person with at least one event of the account before the cutoff. */
  readonly people: ReadonlyMap<string, ActivitySummary>;
  /** Deals of the account's active people (listed even with none); others are read on demand. */
  readonly memberDeals: ReadonlyMap<string, readonly Deal[]>;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const id = key(item);
    if (id === null) continue;
    const list = out.get(id);
    if (list) list.push(item);
    else out.set(id, [item]);
  }
  return out;
}

/**
 * Account bundles keyed by (account, cutoff), reused by requests for colleagues of one account
 * until the store changes. The reads are the ones a contact snapshot makes (snapshot.ts), so a
 * bundle holds exactly what loading each colleague's snapshot would.
 */
export class AccountBundles {
  readonly #store: SqliteCanonicalStore;
  readonly #cache: StoreBoundCache<AccountBundle>;

  constructor(store: SqliteCanonicalStore, limit: number) {
    this.#store = store;
    this.#cache = new StoreBoundCache(new StoreVersion(store.database), limit);
  }

  async get(accountId: string, cutoffMs: number): Promise<AccountBundle> {
    const key = `${accountId}\u0000${cutoffMs}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const readAt = this.#cache.version();
    const bundle = await this.#read(accountId, cutoffMs);
    this.#cache.set(key, bundle, readAt);
    return bundle;
  }

  async #read(accountId: string, cutoffMs: number): Promise<AccountBundle> {
    const store = this.#store;
    const events = store.contactReads().accountEvents(accountId, isoOf(cutoffMs));
    const [account, deals, members] = await Promise.all([
      store.getAccount(accountId),
      store.dealsFor('account', [accountId]),
      store.contactsOfAccount(accountId),
    ]);
    const memberIds = members.map((contact) => contact.id);
    const byMember = groupBy(await store.dealsFor('contact', memberIds), (deal) => deal.contactId);
    const people = new Map<string, ActivitySummary>();
    for (const [contactId, own] of groupBy<ResolvedEvent>(events, (event) => event.contactId))
      people.set(contactId, summarizeActivity(own, cutoffMs));
    return {
      account,
      deals,
      activity: summarizeActivity(events, cutoffMs),
      people,
      memberDeals: new Map(memberIds.map((id) => [id, byMember.get(id) ?? []])),
    };
  }
}

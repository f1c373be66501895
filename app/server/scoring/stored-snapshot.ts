import type { Account, Contact, Deal, EntityType, ResolvedEvent } from '../../../core/schema/index.ts';
import type { ContactReads } from '../../../core/store/sqlite/contact-reads.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type { FeatureEvaluator, SharedMeasures } from '../../../scoring/features/evaluate/evaluate.ts';
import {
  type ContactSnapshot,
  type EntitySnapshot,
  loadSnapshot,
} from '../../../scoring/features/snapshot.ts';
import { isoOf } from '../../../scoring/features/time.ts';
import { AccountBundles } from './account-bundles.ts';

/** A snapshot and, when already known, its measures per evaluator at the cutoff it was loaded for. */
export interface StoredSnapshot {
  readonly snapshot: EntitySnapshot;
  readonly shared?: ReadonlyMap<FeatureEvaluator, SharedMeasures>;
}

/**
 * A person of an account whose event lists are read only if something asks for them: scoring
 * gets their measures from the account bundle, so the lists stay unread on the hot path.
 */
class BundledContactSnapshot implements ContactSnapshot {
  readonly entityType = 'contact';
  readonly id: string;
  readonly contact: Contact;
  readonly account: Account | null;
  readonly contactDeals: readonly Deal[];
  readonly accountDeals: readonly Deal[];
  readonly #accountId: string;
  readonly #reads: ContactReads;
  readonly #before: string;
  #events: ResolvedEvent[] | null = null;
  #accountEvents: ResolvedEvent[] | null = null;

  constructor(
    contact: Contact,
    accountId: string,
    parts: { account: Account | null; contactDeals: readonly Deal[]; accountDeals: readonly Deal[] },
    reads: ContactReads,
    before: string,
  ) {
    this.id = contact.id;
    this.contact = contact;
    this.account = parts.account;
    this.#accountId = accountId;
    this.contactDeals = parts.contactDeals;
    this.accountDeals = parts.accountDeals;
    this.#reads = reads;
    this.#before = before;
  }

  get events(): readonly ResolvedEvent[] {
    this.#events ??= this.#reads.events(this.id, this.#accountId, this.#before);
    return this.#events;
  }

  get accountEvents(): readonly ResolvedEvent[] {
    this.#accountEvents ??= this.#reads.accountEvents(this.#accountId, this.#before);
    return this.#accountEvents;
  }
}

/**
 * One entity's snapshot for real-time scoring, equal to loadSnapshot's: a person of an account
 * comes from the account's shared bundle (one read per account and cutoff while the store is
 * unchanged) plus their own record; everyone else through statements prepared once.
 */
export class StoredSnapshots {
  readonly #store: SqliteCanonicalStore;
  readonly #bundles: AccountBundles;

  constructor(store: SqliteCanonicalStore, options: { accountBundles: number }) {
    this.#store = store;
    this.#bundles = new AccountBundles(store, options.accountBundles);
  }

  async load(
    type: EntityType,
    id: string,
    cutoffMs: number,
    evaluators: readonly FeatureEvaluator[],
  ): Promise<StoredSnapshot | null> {
    const before = isoOf(cutoffMs);
    if (type === 'account') {
      const snapshot = await loadSnapshot(this.#store, type, id, before);
      return snapshot && { snapshot };
    }
    const contact = await this.#store.getContact(await this.#store.resolveId('contact', id));
    if (!contact) return null;
    const reads = this.#store.contactReads();
    const accountId = contact.accountId;
    if (accountId === null) {
      const snapshot: ContactSnapshot = {
        entityType: 'contact',
        id: contact.id,
        contact,
        account: null,
        contactDeals: reads.deals(contact.id),
        accountDeals: [],
        events: reads.events(contact.id, null, before),
        accountEvents: [],
      };
      return { snapshot };
    }
    // Account models' plans (churn) say nothing about a person: measuring them is wasted here.
    const personal = evaluators.filter((evaluator) => evaluator.set.entityType === 'contact');
    const bundle = await this.#bundles.get(accountId, cutoffMs, personal);
    const parts = {
      account: bundle.account,
      contactDeals: bundle.memberDeals.get(contact.id) ?? reads.deals(contact.id),
      accountDeals: bundle.deals,
    };
    return {
      snapshot: new BundledContactSnapshot(contact, accountId, parts, reads, before),
      shared: new Map(
        [...bundle.measures].map(([evaluator, m]) => [
          evaluator,
          { account: m.account, self: m.people.get(contact.id) ?? m.nobody },
        ]),
      ),
    };
  }
}

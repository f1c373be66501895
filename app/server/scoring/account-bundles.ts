import type { Account, Deal, ResolvedEvent } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import type {
  AccountMeasures,
  FeatureEvaluator,
  SelfMeasures,
} from '../../../scoring/features/evaluate/evaluate.ts';
import { isoOf } from '../../../scoring/features/time.ts';
import { SingleFlight } from './single-flight.ts';
import { StoreBoundCache, StoreVersion } from './store-version.ts';

/** One feature plan's measures of an account and of each of its people at one cutoff. */
export interface BundleMeasures {
  readonly account: AccountMeasures;
  /** Own measures per person with at least one event of the account before the cutoff. */
  readonly people: ReadonlyMap<string, SelfMeasures>;
  /** A person without events of the account before the cutoff. */
  readonly nobody: SelfMeasures;
}

/**
 * What every person of one account shares at one cutoff, read and measured once: the account, its
 * deals, and for every feature plan the promoted models read, the measures of the whole account and
 * of each of its people (a person's events in a contact snapshot are the account's events that are
 * theirs, see snapshot.ts). The events themselves are not kept.
 */
export interface AccountBundle {
  readonly account: Account | null;
  readonly deals: readonly Deal[];
  readonly measures: ReadonlyMap<FeatureEvaluator, BundleMeasures>;
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

/** The events whose properties any of these plans reads, and how far back ('all': every event's). */
function propertyEventNames(evaluators: readonly FeatureEvaluator[]): ReadonlyMap<string, number> | 'all' {
  const names = new Map<string, number>();
  for (const evaluator of evaluators) {
    const own = evaluator.propertyEventNames;
    if (own === 'all') return 'all';
    for (const [name, days] of own) names.set(name, Math.max(names.get(name) ?? 0, days));
  }
  return names;
}

const covers = (bundle: AccountBundle, evaluators: readonly FeatureEvaluator[]): boolean =>
  evaluators.every((evaluator) => bundle.measures.has(evaluator));

/**
 * Account bundles keyed by (account, cutoff), reused by requests for colleagues of one account
 * until the store changes (a promotion changes the store too, so the evaluators a bundle was
 * measured for are always the current ones). The reads are the ones a contact snapshot makes.
 * Requests that miss the cache while a bundle of the same account, cutoff and store version is
 * being built wait for that build instead of starting their own.
 */
export class AccountBundles {
  readonly #store: SqliteCanonicalStore;
  readonly #cache: StoreBoundCache<AccountBundle>;
  readonly #building = new SingleFlight<AccountBundle>();

  constructor(store: SqliteCanonicalStore, limit: number) {
    this.#store = store;
    this.#cache = new StoreBoundCache(new StoreVersion(store.database), limit);
  }

  async get(
    accountId: string,
    cutoffMs: number,
    evaluators: readonly FeatureEvaluator[],
  ): Promise<AccountBundle> {
    const key = `${accountId}\u0000${cutoffMs}`;
    const readAt = this.#cache.version();
    const cached = this.#cache.get(key, readAt);
    if (cached && covers(cached, evaluators)) return cached;
    // The store's version is part of the key: a request that comes after a write never waits for
    // a bundle read before it.
    const shared = await this.#building.run(`${readAt}\u0000${key}`, async () => {
      const bundle = await this.#read(accountId, cutoffMs, evaluators);
      this.#cache.set(key, bundle, readAt);
      return bundle;
    });
    // Only when the promoted models changed without the store noticing mid-flight.
    return covers(shared, evaluators) ? shared : this.#read(accountId, cutoffMs, evaluators);
  }

  async #read(
    accountId: string,
    cutoffMs: number,
    evaluators: readonly FeatureEvaluator[],
  ): Promise<AccountBundle> {
    const store = this.#store;
    const reads = store.contactReads();
    // Every read in one synchronous stretch: one state of the store (getAccount runs when called).
    const events = reads.accountActivity(accountId, isoOf(cutoffMs), propertyEventNames(evaluators));
    const memberIds = reads.memberIds(accountId);
    const { deals, byMember } = reads.accountDeals(accountId, memberIds);
    const account = await store.getAccount(accountId);
    const byPerson = groupBy<ResolvedEvent>(events, (event) => event.contactId);
    const measures = new Map<FeatureEvaluator, BundleMeasures>();
    for (const evaluator of evaluators) {
      const people = new Map<string, SelfMeasures>();
      for (const [contactId, own] of byPerson) people.set(contactId, evaluator.selfMeasures(own, cutoffMs));
      measures.set(evaluator, {
        account: evaluator.accountMeasures(events, deals, cutoffMs),
        people,
        nobody: evaluator.selfMeasures([], cutoffMs),
      });
    }
    return {
      account,
      deals,
      measures,
      memberDeals: byMember,
    };
  }
}

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EntityScorer } from '../../../app/server/scoring/entity-scorer.ts';
import { parseSourceKey } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { DEAL_SELECT } from '../../../core/store/sqlite/queries.ts';
import { DEFAULT_MODEL_SPECS } from '../../../scoring/models/model-specs.ts';
import { batch, event } from '../../helpers/records.ts';
import { DEMO_AS_OF } from '../../helpers/scoring-pipeline/demo-store.ts';
import { type ServerFixture, serverFixture } from './server-fixture.ts';

/**
 * Real-time scoring shares work in flight: requests that miss the caches while the same account
 * bundle (or the same entity's answer) is being built wait for that build, on the real demo store.
 * Builds are counted through the one read every bundle build makes: the account's people.
 */
let fixture: ServerFixture;
let store: SqliteCanonicalStore;
/** Accounts with at least three live people, each used by one test so no cache is warm. */
let accounts: { id: string; people: string[] }[];

beforeAll(async () => {
  fixture = await serverFixture();
  store = fixture.demo.store;
  accounts = (
    store.database
      .prepare(
        `SELECT a.id, group_concat(c.id) AS people FROM accounts a
         JOIN identities i ON i.entity_type = 'account' AND i.entity_id = a.id
         JOIN contacts c ON c.account_key = i.identity_key AND c.deleted_at IS NULL AND c.merged_into IS NULL
         GROUP BY a.id HAVING COUNT(*) >= 3 ORDER BY a.id LIMIT 40`,
      )
      .all() as { id: string; people: string }[]
  ).map((row) => ({ id: row.id, people: row.people.split(',') }));
  expect(accounts.length).toBeGreaterThan(10);
}, 120_000);

afterAll(async () => {
  await fixture?.demo.cleanup();
});

function scorer(options: { cacheSize?: number; accountBundles?: number } = {}): EntityScorer {
  return new EntityScorer(store, fixture.clock, {
    specs: DEFAULT_MODEL_SPECS,
    bands: fixture.deps.loaded.config.scoring.tiers,
    ...options,
  });
}

/** The answer of a scorer that keeps and shares nothing, one request at a time. */
async function alone(contactId: string) {
  return scorer({ cacheSize: 0, accountBundles: 0 }).scoreStored('contact', contactId, DEMO_AS_OF);
}

/** Counts bundle builds per account (each reads the account once); `vi.restoreAllMocks` after each test puts the store back. */
function countBuilds() {
  const spy = vi.spyOn(store, 'getAccount');
  return { spy, of: (accountId: string) => spy.mock.calls.filter(([id]) => id === accountId).length };
}

describe('real-time scoring shares work in flight', () => {
  it('builds an account bundle once for N concurrent requests for its people, each getting its own answer', async () => {
    const { id, people } = accounts[0]!;
    const builds = countBuilds();
    try {
      const live = scorer();
      const requests = [...people, ...people, ...people, ...people];
      const answers = await Promise.all(
        requests.map((person) => live.scoreStored('contact', person, DEMO_AS_OF)),
      );
      expect(builds.of(id)).toBe(1);
      for (const [i, person] of requests.entries()) {
        expect(answers[i]?.entity).toEqual({ type: 'contact', id: person });
        expect(answers[i]).toEqual(await alone(person));
      }
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('scores one entity once for N concurrent requests for it', async () => {
    const person = accounts[1]!.people[0]!;
    const reads = vi.spyOn(store, 'getContact');
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => scorer().scoreStored('contact', person, DEMO_AS_OF)),
      );
      // Eight scorers, eight reads: the sharing is per scorer (per server process).
      expect(reads.mock.calls.filter(([id]) => id === person)).toHaveLength(8);
      reads.mockClear();
      const live = scorer();
      const shared = await Promise.all(
        Array.from({ length: 8 }, () => live.scoreStored('contact', person, DEMO_AS_OF)),
      );
      expect(reads.mock.calls.filter(([id]) => id === person)).toHaveLength(1);
      for (const answer of shared) expect(answer).toEqual(answers[0]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('hands a failed build to every waiter, keeps nothing of it, and builds again on the next request', async () => {
    const { id, people } = accounts[2]!;
    const builds = countBuilds();
    try {
      // A read that fails a moment later (as a networked store would): the build is still in
      // flight when the other requests arrive, so they wait for it and share its failure.
      builds.spy.mockImplementationOnce(
        () => new Promise((_, reject) => setTimeout(() => reject(new Error('database is locked')), 20)),
      );
      const live = scorer();
      const settled = await Promise.allSettled(
        [...people, ...people].map((person) => live.scoreStored('contact', person, DEMO_AS_OF)),
      );
      expect(builds.of(id)).toBe(1);
      for (const outcome of settled) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason.message).toBe('database is locked');
      }
      const retried = await live.scoreStored('contact', people[0]!, DEMO_AS_OF);
      expect(builds.of(id)).toBe(2);
      expect(retried).toEqual(await alone(people[0]!));
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('answers from new events once they are stored, even when they land while a build is in flight', async () => {
    // A person the lead model scores (customers' people are outside its population).
    let chosen: { id: string; people: string[] } | undefined;
    for (const candidate of accounts.slice(3))
      if ((await alone(candidate.people[0]!))?.scores.length) {
        chosen = candidate;
        break;
      }
    const { id, people } = chosen!;
    const person = people[0]!;
    const before = await alone(person);
    const keyOf = (type: string, entityId: string) =>
      parseSourceKey(
        (
          store.database
            .prepare(
              "SELECT identity_key AS k FROM identities WHERE entity_type = ? AND entity_id = ? AND identity_key LIKE 'ref:%' ORDER BY k LIMIT 1",
            )
            .get(type, entityId) as { k: string }
        ).k,
      );
    const live = scorer();
    const read = store.getAccount.bind(store);
    const builds = countBuilds();
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    let building = () => {};
    const started = new Promise<void>((done) => {
      building = done;
    });
    builds.spy.mockImplementationOnce(async (accountId) => {
      building();
      await held;
      return read(accountId);
    });
    try {
      let firstSettled = false;
      const first = live.scoreStored('contact', person, DEMO_AS_OF).finally(() => {
        firstSettled = true;
      });
      await started;
      const activity = ['form_submit', 'meeting', 'email_reply', 'page_view', 'feature_use'].flatMap(
        (type, t) =>
          Array.from({ length: 6 }, (_, n) =>
            event('live_events', `in-flight-${t}-${n}`, {
              type,
              occurredAt: `2026-10-${String(20 + n).padStart(2, '0')}T1${t}:00:00Z`,
              contact: keyOf('contact', person),
              account: keyOf('account', id),
            }),
          ),
      );
      await store.applyBatch(batch('live_events.events', activity));

      // A request after the write does not wait for the build that started before it.
      const second = await live.scoreStored('contact', person, DEMO_AS_OF);
      expect(firstSettled).toBe(false);
      expect(builds.of(id)).toBe(2);
      const after = await alone(person);
      expect(after?.scores).not.toEqual(before?.scores);
      expect(second).toEqual(after);

      release();
      await first;
      // What the held request read before the write is not kept as the answer for the new data.
      expect(await live.scoreStored('contact', person, DEMO_AS_OF)).toEqual(after);
      expect(await live.scoreStored('contact', people[1]!, DEMO_AS_OF)).toEqual(await alone(people[1]!));
    } finally {
      release();
      vi.restoreAllMocks();
    }
  });
});

describe('deals of an account or a person, read through their identity keys', () => {
  it('are exactly the deals whose resolved account or person is the entity', async () => {
    const { database } = store;
    // The definition: every live deal with its person and account resolved, filtered afterwards.
    const everyDeal = database.prepare(`SELECT * FROM (${DEAL_SELECT} WHERE d.deleted = 0)`).all() as {
      id: number;
      contact_id: string | null;
      account_id: string | null;
    }[];
    const idsOf = (column: 'contact_id' | 'account_id', wanted: readonly string[]) =>
      everyDeal
        .filter((deal) => deal[column] !== null && wanted.includes(deal[column]))
        .map((deal) => deal.id)
        .sort((a, b) => a - b);
    const some = accounts.slice(0, 12).map((account) => account.id);
    const people = accounts.slice(0, 12).flatMap((account) => account.people);
    const byAccount = (await store.dealsFor('account', some)).map((deal) => deal.id);
    const byPerson = (await store.dealsFor('contact', people)).map((deal) => deal.id);
    expect(byAccount.length).toBeGreaterThan(0);
    expect(byPerson.length).toBeGreaterThan(0);
    expect([...byAccount].sort((a, b) => a - b)).toEqual(idsOf('account_id', some));
    expect([...byPerson].sort((a, b) => a - b)).toEqual(idsOf('contact_id', people));
    for (const id of some) {
      const own = await store.dealsFor('account', [id]);
      expect(own.every((deal) => deal.accountId === id)).toBe(true);
      const order = own.map((deal) => `${deal.createdAt}\u0000${String(deal.id).padStart(12, '0')}`);
      expect(order).toEqual([...order].sort());
    }
  });

  it("read for an account bundle in one statement, are dealsFor's for the account and for each person", async () => {
    const reads = store.contactReads();
    let withDeals = 0;
    for (const { id } of accounts) {
      const members = reads.memberIds(id);
      const { deals, byMember } = reads.accountDeals(id, members);
      expect(deals).toEqual(await store.dealsFor('account', [id]));
      expect([...byMember.keys()]).toEqual(members);
      for (const member of members)
        expect(byMember.get(member)).toEqual(await store.dealsFor('contact', [member]));
      if (deals.length > 0) withDeals++;
    }
    expect(withDeals).toBeGreaterThan(5);
  });
});

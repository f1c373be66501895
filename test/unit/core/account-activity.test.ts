import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import type { ResolvedEvent } from '../../../core/schema/index.ts';
import { accountActivitySql } from '../../../core/store/sqlite/account-activity.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { account, batch, contact, event } from '../../helpers/records.ts';
import { type DialectStore, STORE_DIALECTS } from '../../helpers/store-dialects.ts';

const acme = { system: 'crm', objectType: 'accounts', externalId: 'A1' };
const beta = { system: 'crm', objectType: 'accounts', externalId: 'A2' };
const c1 = { system: 'crm', objectType: 'contacts', externalId: 'C1' };

/** Every field of an event as a plain object, getters included. */
const plain = (e: ResolvedEvent) => ({
  id: e.id,
  type: e.type,
  occurredAt: e.occurredAt,
  contactId: e.contactId,
  accountId: e.accountId,
  value: e.value,
  properties: e.properties,
  source: e.source,
});

describe.each(STORE_DIALECTS)('account activity read from the account index ($name)', (dialect) => {
  let store: SqliteCanonicalStore;
  let opened: DialectStore;

  beforeEach(async () => {
    opened = await dialect.open({ clock: new FixedClock('2026-06-01T00:00:00Z') });
    store = opened.store;
    await store.applyBatch(
      batch('all', [
        account('crm', 'A1', { domain: 'acme.com' }),
        account('crm', 'A2', { domain: 'beta.io' }),
        contact('crm', 'C1', { email: 'a@acme.com', account: acme }),
        contact('crm', 'C2', { email: 'b@acme.com', account: acme }),
        contact('crm', 'C3', { email: 'c@beta.io', account: beta }),
        // The same person from a second system: one contact with two identity keys.
        contact('web', 'W1', { email: 'a@acme.com' }),
        event('crm', 'e1', { contact: c1, account: acme, occurredAt: '2026-01-02T00:00:00Z', value: 3 }),
        event('web', 'e2', {
          contact: { system: 'web', objectType: 'contacts', externalId: 'W1' },
          type: 'page_view',
          properties: { page: '/pricing' },
          occurredAt: '2026-01-01T00:00:00Z',
        }),
        event('crm', 'e3', {
          account: acme,
          type: 'support_ticket',
          properties: { severity: 'high' },
          occurredAt: '2026-01-03T00:00:00Z',
        }),
        // Same instant as e3: ties are ordered by id.
        event('crm', 'e4', { contactEmail: 'b@acme.com', occurredAt: '2026-01-03T00:00:00Z' }),
        // A person of another account acting on this one.
        event('crm', 'e5', { contactEmail: 'c@beta.io', account: acme, occurredAt: '2026-02-01T00:00:00Z' }),
        event('crm', 'e6', { account: acme, occurredAt: '2026-02-02T00:00:00Z', deleted: true }),
        event('crm', 'e7', { account: acme, occurredAt: '2026-05-01T00:00:00Z' }),
      ]),
    );
  });

  afterEach(async () => {
    await opened.dispose();
  });

  async function acmeId(): Promise<string> {
    return (await store.findContactByEmail('a@acme.com'))!.accountId!;
  }

  it('returns the events accountEvents returns, in the same order, with the same fields', async () => {
    const id = await acmeId();
    const reads = store.contactReads();
    const before = '2026-04-01T00:00:00.000Z';
    const full = reads.accountEvents(id, before).map(plain);
    expect(full.map((e) => e.source.externalId)).toEqual(['e2', 'e1', 'e3', 'e4', 'e5']);
    // Properties asked for up front, read later on demand, or not at all: the same events either way.
    expect(reads.accountActivity(id, before, new Map([['page_view', 30]])).map(plain)).toEqual(full);
    expect(reads.accountActivity(id, before, new Map([['page_view', Infinity]])).map(plain)).toEqual(full);
    expect(reads.accountActivity(id, before, new Map()).map(plain)).toEqual(full);
    expect(reads.accountActivity(id, before, 'all').map(plain)).toEqual(full);
    const late = reads.accountActivity(id, '2026-06-01T00:00:00.000Z', new Map());
    expect(late.at(-1)!.source.externalId).toBe('e7');
  });

  it.runIf(dialect.name === 'sqlite')(
    'answers from the events_account index, and reaches account-less events through the people',
    () => {
      const plan = (
        store.database
          .prepare(`EXPLAIN QUERY PLAN ${accountActivitySql('sqlite')}`)
          .all({ account: 'a', before: 'x' }) as {
          detail: string;
        }[]
      ).map((row) => row.detail);
      expect(plan).toContain(
        'SEARCH e USING COVERING INDEX events_account (account_key=? AND occurred_at<?)',
      );
      // From the account to its people to their events: never every account-less event of the store.
      expect(plan.findIndex((step) => step.includes('SEARCH ia'))).toBeLessThan(
        plan.findIndex((step) => step.includes('events_without_account (contact_key=?')),
      );
    },
  );
});

import { afterEach, describe, expect, it } from 'vitest';
import { seedSalesforceSynthetic } from '../../../../emulators/salesforce/index.ts';
import { AS_OF, type Harness, harness, storedSourceKeys } from './emulated-org.ts';

const contactsOnly = {
  streams: {
    accounts: { enabled: false },
    leads: { enabled: false },
    opportunities: { enabled: false },
    tasks: { enabled: false },
    events: { enabled: false },
  },
};

/** Contacts (12,500 by default) in groups of 700 sharing one SystemModstamp, so ties straddle page boundaries. */
function seedTiedContacts(h: Harness, contacts = 12_500): readonly string[] {
  return seedSalesforceSynthetic(h.emulator.state, {
    accounts: 50,
    contacts,
    activities: 0,
    seed: 9,
    startMs: Date.parse(AS_OF) - 30 * 86_400_000,
    spanDays: 20,
    tieGroup: 700,
  }).contactIds;
}

/** What the emulator holds for Contact, as the store should mirror it: id -> [deleted, title]. */
function emulatorContacts(h: Harness): Map<string, [boolean, unknown]> {
  return new Map(
    [...h.emulator.state.requireTable('Contact').rows()].map((row) => [
      `Contact/${row.Id}`,
      [row.IsDeleted === true, row.Title ?? null],
    ]),
  );
}

function storeContacts(h: Harness): Map<string, [boolean, unknown]> {
  const rows = h.store.database
    .prepare(
      "SELECT source_key, deleted, payload FROM source_records WHERE system = 'salesforce' AND kind = 'contact'",
    )
    .all() as { source_key: string; deleted: number; payload: string }[];
  return new Map(
    rows.map((row) => [
      row.source_key.replace('ref:salesforce/', ''),
      [row.deleted === 1, JSON.parse(row.payload).title ?? null],
    ]),
  );
}

describe('Salesforce sync resilience', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('pages past 10,000 rows and survives being killed mid-way, with ties across page boundaries', async () => {
    h = await harness();
    const ids = seedTiedContacts(h);
    const connector = h.connector(contactsOnly);
    const abort = new AbortController();
    let batches = 0;
    const killed = await h.sync(connector, {
      signal: abort.signal,
      onBatch: () => {
        batches++;
        if (batches === 3) abort.abort(new Error('killed'));
      },
    });
    expect(killed[0]?.status).toBe('failed');
    expect(storedSourceKeys(h.store, 'contact')).toHaveLength(6000);
    const cursor = (await h.store.getCursor('salesforce.contacts')) as { stamp: string; lastId: string };
    expect(cursor.lastId).toBe(ids[5999]);

    // While the sync was down: an already-synced record changes, a pending one is deleted.
    h.clock.advance(60_000);
    h.emulator.state.touch('Contact', ids[10]!, { Title: 'Head of Data' });
    h.emulator.state.touch('Contact', ids[9000]!, { IsDeleted: true });

    const resumed = await h.sync(connector);
    // 6,500 rows after the cursor (the deleted one among them, re-stamped) plus the changed one: nothing read twice.
    expect(resumed[0]).toMatchObject({ status: 'succeeded', inserted: 6500, updated: 1, unchanged: 0 });
    expect(storeContacts(h)).toEqual(emulatorContacts(h));
  });

  it('renews an expired session mid-sync and carries on', async () => {
    h = await harness({ faults: [{ endpoint: 'queryMore', after: 2, action: { kind: 'expire-session' } }] });
    seedTiedContacts(h, 9000);
    const results = await h.sync(h.connector(contactsOnly));
    expect(results[0]).toMatchObject({ status: 'succeeded', inserted: 9000 });
    expect(h.emulator.stats.count('queryMore', 401)).toBe(1);
    // One token for the first call (no access token configured), one after the expiry.
    expect(h.emulator.stats.tokenRefreshes).toBe(2);
  });

  it('stops with an auth error, without looping, when the renewed session is refused too', async () => {
    h = await harness({
      faults: [{ endpoint: 'queryMore', after: 1, times: 50, action: { kind: 'expire-session' } }],
    });
    seedTiedContacts(h, 9000);
    const results = await h.sync(h.connector(contactsOnly));
    expect(results[0]?.status).toBe('failed');
    expect(results[0]?.error).toMatch(/could not be renewed.*refresh token/);
    expect(h.emulator.stats.tokenRefreshes).toBe(2);
    expect(storedSourceKeys(h.store, 'contact')).toHaveLength(4000);
  });

  it('stops on REQUEST_LIMIT_EXCEEDED with a clear error and resumes from the checkpoint', async () => {
    // Other integrations spend the rest of the allowance while the sync is on its fourth page.
    h = await harness({
      apiLimits: { dailyRequests: 1000 },
      faults: [{ endpoint: 'queryMore', after: 2, action: { kind: 'exhaust-quota' } }],
    });
    const ids = seedTiedContacts(h, 9000);
    const connector = h.connector({ ...contactsOnly, limits: { reserveFraction: 0 } });
    const stopped = await h.sync(connector);
    expect(stopped[0]?.status).toBe('failed');
    expect(stopped[0]?.error).toContain('daily API request limit is exhausted (REQUEST_LIMIT_EXCEEDED');
    expect(h.emulator.stats.rejectedQuota).toBe(1);
    expect(storedSourceKeys(h.store, 'contact')).toHaveLength(6000);

    h.clock.advance(25 * 3_600_000);
    const resumed = await h.sync(connector);
    expect(resumed[0]).toMatchObject({ status: 'succeeded', inserted: 3000 });
    expect(storedSourceKeys(h.store, 'contact')).toHaveLength(ids.length);
  });

  it('keeps the configured reserve of the daily allowance for other integrations', async () => {
    h = await harness({ apiLimits: { dailyRequests: 10 } });
    seedTiedContacts(h, 9000);
    const results = await h.sync(h.connector({ ...contactsOnly, limits: { reserveFraction: 0.5 } }));
    expect(results[0]?.error).toContain('stopped before using the reserve of the daily API allowance');
    expect(h.emulator.stats.rejectedQuota).toBe(0);
    expect(h.emulator.state.usage.used()).toBe(5);
  });

  it('retries 5xx answers and dropped connections on query pages', async () => {
    h = await harness({
      faults: [
        { endpoint: 'queryMore', after: 1, action: { kind: 'status', status: 503 } },
        { endpoint: 'queryMore', after: 2, action: { kind: 'timeout', hangMs: 50 } },
      ],
    });
    seedTiedContacts(h, 9000);
    const results = await h.sync(h.connector(contactsOnly));
    expect(results[0]).toMatchObject({ status: 'succeeded', inserted: 9000 });
    expect(h.emulator.stats.injectedFaults).toBe(2);
  });
});

describe('Salesforce requests that stall or are turned away', () => {
  it('abandons a stalled page after requestTimeoutMs and asks again', async () => {
    const h = await harness({
      faults: [{ endpoint: 'queryMore', action: { kind: 'timeout', hangMs: 600 } }],
    });
    try {
      seedTiedContacts(h, 4000);
      const results = await h.sync(h.connector({ ...contactsOnly, requestTimeoutMs: 150 }));
      expect(results[0]).toMatchObject({ status: 'succeeded', inserted: 4000 });
      expect(h.emulator.stats.injectedFaults).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('retries a concurrency rejection (ConcurrentPerOrgLongTxn) instead of giving up', async () => {
    const h = await harness({
      faults: [
        {
          endpoint: 'queryAll',
          times: 2,
          action: {
            kind: 'status',
            status: 403,
            errorCode: 'REQUEST_LIMIT_EXCEEDED',
            message: 'ConcurrentPerOrgLongTxn Limit exceeded.',
          },
        },
      ],
    });
    try {
      seedTiedContacts(h, 4000);
      const connector = h.connector(contactsOnly);
      const results = await h.sync(connector);
      expect(results[0]).toMatchObject({ status: 'succeeded', inserted: 4000 });
      expect(connector.client().usage()).toMatchObject({ rejectedOnce: 1, rejectedTwice: 1 });
    } finally {
      await h.close();
    }
  });
});

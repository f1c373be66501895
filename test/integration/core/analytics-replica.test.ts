import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import type { SourceRecord } from '../../../core/schema/index.ts';
import { DuckDbEngine } from '../../../core/store/analytics/duckdb-engine.ts';
import { refreshReplica } from '../../../core/store/analytics/replicate.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { FeatureEvaluator } from '../../../scoring/features/evaluate/evaluate.ts';
import { builtinFeatureSet } from '../../../scoring/features/feature-set.ts';
import { featureEngine } from '../../../scoring/features/rows/feature-engine.ts';
import { walkSnapshots } from '../../../scoring/features/snapshot.ts';
import { account, batch, contact, event } from '../../helpers/records.ts';
import { everyEntityRows } from '../../helpers/scoring-pipeline/analytics.ts';
import { type DialectStore, STORE_DIALECTS } from '../../helpers/store-dialects.ts';

const CUTOFF = Date.parse('2026-03-01T00:00:00Z');

/**
 * Every feature of every live entity through the replica's SQL equals the in-process evaluator on
 * the store: the strongest check that the replica holds the store's events on the right subjects.
 */
async function expectReplicaMatchesStore(store: SqliteCanonicalStore, engine: DuckDbEngine): Promise<void> {
  for (const entityType of ['contact', 'account'] as const) {
    const set = builtinFeatureSet(entityType);
    const evaluator = new FeatureEvaluator(set);
    const rows = await everyEntityRows(featureEngine(engine), set, [CUTOFF]);
    const sql = new Map(
      rows.entityIds.map((id, i) => [
        id,
        rows.table.numbers.map((column, j) => (column ? column[i]! : rows.table.texts[j]![i]!)),
      ]),
    );
    let compared = 0;
    for await (const page of walkSnapshots(store, entityType, { before: '2027-01-01T00:00:00Z' })) {
      for (const snapshot of page) {
        const expected = evaluator.values(snapshot, CUTOFF);
        const actual = sql.get(snapshot.id);
        expect(actual, `${entityType} ${snapshot.id} is in the replica`).toBeDefined();
        expected.forEach((value, j) => {
          const name = `${entityType} ${snapshot.id} ${set.plan.features[j]!.name}`;
          if (typeof value === 'number' && Number.isNaN(value)) expect(actual![j], name).toBeNaN();
          else if (typeof value === 'number') expect(actual![j] as number, name).toBeCloseTo(value, 9);
          else expect(actual![j], name).toBe(value);
        });
        compared++;
      }
    }
    expect(compared).toBe(sql.size);
  }
}

describe.each(STORE_DIALECTS)('the analytics replica follows the store incrementally ($name)', (dialect) => {
  let store: SqliteCanonicalStore;
  let opened: DialectStore;
  let engine: DuckDbEngine;
  const apply = (records: SourceRecord[]) => store.applyBatch(batch('app.all', records));

  beforeAll(async () => {
    opened = await dialect.open({ clock: new FixedClock('2026-04-01T00:00:00Z') });
    store = opened.store;
    engine = await DuckDbEngine.open({ path: ':memory:', threads: 1 });
    await apply([
      account('app', 'A1', { domain: 'acme.com', status: 'active', createdAt: '2025-01-01T00:00:00Z' }),
      account('app', 'A2', { domain: 'globex.com', status: 'active', createdAt: '2025-01-01T00:00:00Z' }),
      contact('app', 'C1', {
        email: 'ana@acme.com',
        account: { system: 'app', objectType: 'accounts', externalId: 'A1' },
      }),
      contact('app', 'C2', {
        email: 'bo@acme.com',
        account: { system: 'app', objectType: 'accounts', externalId: 'A1' },
      }),
      event('app', 'e1', {
        contact: { system: 'app', objectType: 'contacts', externalId: 'C1' },
        occurredAt: '2026-02-20T10:00:00Z',
      }),
      event('app', 'e2', {
        contact: { system: 'app', objectType: 'contacts', externalId: 'C2' },
        type: 'feature_use',
        occurredAt: '2026-02-10T10:00:00Z',
        properties: { feature: 'reports' },
      }),
    ]);
  });
  afterAll(async () => {
    engine.close();
    await opened.dispose();
  });

  it('builds from nothing', async () => {
    const refresh = await refreshReplica(store.database, engine);
    expect(refresh).toMatchObject({ rebuilt: true, eventsAdded: 2, entitiesCopied: true });
    await expectReplicaMatchesStore(store, engine);
    expect(await refreshReplica(store.database, engine)).toMatchObject({
      rebuilt: false,
      eventsAdded: 0,
      eventsChanged: 0,
      entitiesCopied: false,
      dealsCopied: false,
    });
  });

  it('adds new events, including events of a person the store does not know yet', async () => {
    await apply([
      event('app', 'e3', { contactEmail: 'cy@acme.com', occurredAt: '2026-02-25T10:00:00Z' }),
      event('app', 'e4', {
        contact: { system: 'app', objectType: 'contacts', externalId: 'C1' },
        type: 'page_view',
        occurredAt: '2026-02-27T10:00:00Z',
        properties: { page: '/pricing' },
      }),
    ]);
    expect(await refreshReplica(store.database, engine)).toMatchObject({
      eventsAdded: 2,
      entitiesCopied: false,
    });
    await expectReplicaMatchesStore(store, engine);
  });

  it('moves events to a person who arrives after them, and to the company a person joins', async () => {
    await apply([
      contact('app', 'C3', {
        email: 'cy@acme.com',
        account: { system: 'app', objectType: 'accounts', externalId: 'A1' },
      }),
      contact('app', 'C2', {
        email: 'bo@acme.com',
        updatedAt: '2026-02-01T00:00:00Z',
        account: { system: 'app', objectType: 'accounts', externalId: 'A2' },
      }),
    ]);
    const refresh = await refreshReplica(store.database, engine);
    expect(refresh.entitiesCopied).toBe(true);
    expect(refresh.eventsResolvedAgain).toBeGreaterThanOrEqual(2);
    await expectReplicaMatchesStore(store, engine);
  });

  it('follows a merge of two people and rewritten or deleted events', async () => {
    await apply([
      contact('crm', 'X9', { email: 'ana@acme.com' }),
      contact('app', 'C3', {
        email: 'cy@acme.com',
        updatedAt: '2026-02-02T00:00:00Z',
        mergedInto: { system: 'app', objectType: 'contacts', externalId: 'C1' },
      }),
      event('app', 'e1', {
        contact: { system: 'app', objectType: 'contacts', externalId: 'C1' },
        type: 'meeting',
        occurredAt: '2026-02-20T10:00:00Z',
      }),
      event('app', 'e2', {
        contact: { system: 'app', objectType: 'contacts', externalId: 'C2' },
        type: 'feature_use',
        occurredAt: '2026-02-10T10:00:00Z',
        properties: { feature: 'reports' },
        deleted: true,
      }),
    ]);
    const refresh = await refreshReplica(store.database, engine);
    expect(refresh.eventsChanged).toBe(2);
    await expectReplicaMatchesStore(store, engine);
  });

  it('starts again when pointed at another store', async () => {
    const second = await dialect.open({ clock: new FixedClock('2026-04-01T00:00:00Z') });
    const other = second.store;
    await other.applyBatch(batch('app.all', [contact('app', 'Z1', { email: 'zed@zeta.com' })]));
    expect(await refreshReplica(other.database, engine)).toMatchObject({ rebuilt: true, eventsAdded: 0 });
    await expectReplicaMatchesStore(other, engine);
    await second.dispose();
    expect((await refreshReplica(store.database, engine)).rebuilt).toBe(true);
    await expectReplicaMatchesStore(store, engine);
  });
});

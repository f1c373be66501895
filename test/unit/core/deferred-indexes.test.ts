import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { openSqliteStore } from '../../../core/store/sqlite/index.ts';
import { batch, contact, event } from '../../helpers/records.ts';

function indexNames(db: { prepare(sql: string): { all(): unknown[] } }): string[] {
  return (
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as {
        name: string;
      }[]
    )
      .map((row) => row.name)
      // events_changed and events_without_account are partial (only rewritten or account-less
      // events are in them) and never deferred.
      .filter(
        (name) =>
          !name.startsWith('sqlite_') && name !== 'events_changed' && name !== 'events_without_account',
      )
      .sort()
  );
}

describe('deferred event indexes during large loads', () => {
  it('drops the read indexes during a large first load and rebuilds them before the next read', async () => {
    const store = await openSqliteStore({ path: ':memory:', clock: new FixedClock('2026-01-01T00:00:00Z') });
    await store.applyBatch(batch('c', [contact('app', 'u1', { email: 'u1@acme.com' })]));
    const ref = { system: 'app', objectType: 'contacts', externalId: 'u1' };
    for (let start = 0; start < 60_000; start += 5000) {
      const records = Array.from({ length: 5000 }, (_, i) => event('app', `e${start + i}`, { contact: ref }));
      await store.applyBatch(batch('app.events', records, start));
    }
    expect(indexNames(store.database)).toEqual([]);
    const u1 = await store.findContactByEmail('u1@acme.com');
    const [page] = await store.eventsFor('contact', [u1!.id]);
    expect(page!.events).toHaveLength(60_000);
    expect(indexNames(store.database)).toEqual(['events_account', 'events_contact']);
    await store.close();
  });

  it('keeps the indexes when a load is small next to the table', async () => {
    const store = await openSqliteStore({ path: ':memory:', clock: new FixedClock('2026-01-01T00:00:00Z') });
    const bigTable = Array.from(
      { length: 5000 },
      (_, i) => `('ref:x/events/${i}', 'login', '2026-01-01T00:00:00.000Z', 0)`,
    );
    for (let i = 0; i < 60; i++) {
      store.database.exec(
        `INSERT INTO events (source_key, type, occurred_at, deleted) VALUES ${bigTable.map((row) => row.replace('ref:x/events/', `ref:x/events/${i}-`)).join(', ')}`,
      );
    }
    for (let start = 0; start < 55_000; start += 5000) {
      await store.applyBatch(
        batch(
          'app.events',
          Array.from({ length: 5000 }, (_, i) => event('app', `n${start + i}`)),
          start,
        ),
      );
    }
    expect(indexNames(store.database)).toEqual(['events_account', 'events_contact']);
    await store.close();
  });
});

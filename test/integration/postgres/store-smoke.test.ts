import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/clock.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../helpers/postgres-store.ts';

describe('the canonical store on Postgres', () => {
  let pg: PostgresTestStore;
  beforeAll(async () => {
    pg = await openPostgresTestStore(new FixedClock('2026-12-07T00:00:00.000Z'));
  });
  afterAll(async () => {
    await pg.dispose();
  });

  it('opens on a migrated database and counts an empty store', async () => {
    const counts = await pg.store.counts();
    expect(counts.contacts).toBe(0);
    expect(await pg.store.streamStatus()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hubspotConnectorConfigSchema,
  StoreTaskKeyLog,
  StoreWrittenValues,
} from '../../../../connectors/hubspot/index.ts';
import { createDestinationConnector } from '../../../../connectors/registry.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { runInConfigContext } from '../../../../core/config/index.ts';
import { PostgresSyncDatabase } from '../../../../core/store/postgres/sync-database.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../../helpers/postgres-store.ts';

/** Two workers on two hosts: two connections to one Postgres store. */
let pg: PostgresTestStore;
let other: PostgresSyncDatabase;
beforeAll(async () => {
  pg = await openPostgresTestStore(new FixedClock('2026-03-02T09:00:00.000Z'));
  other = new PostgresSyncDatabase({ url: pg.database.url });
});
afterAll(async () => {
  other.close();
  await pg.dispose();
});

describe('HubSpot write-back state in a Postgres store', () => {
  it('shares the task creation log between workers, per connector', () => {
    const here = new StoreTaskKeyLog(pg.db, 'hubspot');
    const there = new StoreTaskKeyLog(other, 'hubspot');
    const sandbox = new StoreTaskKeyLog(other, 'hubspot_sandbox');
    here.attempted(['wf:retention:1:enr-7:csm-task'], 1_000);
    // The other worker sees the attempt before any task exists, so it waits instead of creating one.
    expect(there.lookup(['wf:retention:1:enr-7:csm-task'])).toEqual(
      new Map([['wf:retention:1:enr-7:csm-task', { attemptedAt: 1_000, taskId: null }]]),
    );
    there.created(new Map([['wf:retention:1:enr-7:csm-task', 'task-501']]));
    expect(here.lookup(['wf:retention:1:enr-7:csm-task']).get('wf:retention:1:enr-7:csm-task')).toEqual({
      attemptedAt: 1_000,
      taskId: 'task-501',
    });
    expect(sandbox.lookup(['wf:retention:1:enr-7:csm-task']).size).toBe(0);
  });

  it('shares the last-written values, so no worker resends an unchanged score', () => {
    const here = new StoreWrittenValues(pg.db, 'hubspot');
    const there = new StoreWrittenValues(other, 'hubspot');
    here.remember(
      [{ objectType: 'contacts', recordId: '901', fields: { lead_score: '72', lead_tier: 'hot' } }],
      '2026-03-02T09:00:00.000Z',
    );
    here.remember(
      [{ objectType: 'contacts', recordId: '901', fields: { lead_score: '74' } }],
      '2026-03-02T10:00:00.000Z',
    );
    expect(there.get('contacts', '901')).toEqual(
      new Map([
        ['lead_score', '74'],
        ['lead_tier', 'hot'],
      ]),
    );
    there.forget('contacts', '901');
    expect(here.get('contacts', '901')).toBeUndefined();
  });

  it('is where a HubSpot destination built with the store keeps its state, not a local file', () => {
    const config = runInConfigContext({ env: { TOKEN: 'pat-test' }, baseDir: process.cwd() }, () =>
      hubspotConnectorConfigSchema.parse({
        type: 'hubspot',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a config secret reference, not a template
        accessToken: '${TOKEN}',
        baseUrl: 'http://127.0.0.1:9',
        writeBack: { stateFile: '/proc/never-created/state.db' },
      }),
    );
    const destination = createDestinationConnector('hubspot', config, {
      configDir: '.',
      stateDatabase: pg.db,
    });
    // Built without touching the state file (its folder cannot be created); closing leaves the store open.
    expect(destination).not.toBeNull();
    destination?.close?.();
    expect(pg.db.isOpen).toBe(true);
  });
});

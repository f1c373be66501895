import { afterAll, describe, expect, it } from 'vitest';
import { workflowStatus } from '../../../../app/workflows/workflow-status.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { tick } from '../../../../workflows/engine/index.ts';
import { openPostgresTestStore, type PostgresTestStore } from '../../../helpers/postgres-store.ts';
import { ALICE, mediumContext, retentionWorkflow } from '../../workflows/engine/harness.ts';

let pg: PostgresTestStore | undefined;
afterAll(async () => {
  await pg?.dispose();
});

describe('workflows status on a Postgres store', () => {
  it('shows a step whose email has an unknown outcome as unknown, not sent', async () => {
    pg = await openPostgresTestStore(new FixedClock('2026-03-02T12:00:00.000Z'));
    for (const at of ['2026-03-02T12:00:00.000Z', '2026-03-02T15:00:00.000Z'])
      tick(pg.db, {
        now: new Date(at),
        workflows: [retentionWorkflow()],
        candidates: [ALICE],
        contextFor: (entity) => mediumContext(entity),
      });
    pg.db.prepare("UPDATE outbox SET state = 'unknown' WHERE kind = 'email'").run();

    const status = workflowStatus(pg.db);
    expect(status.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ workflow: 'retention', stepIndex: 1, outcome: 'unknown', count: 1 }),
      ]),
    );
    expect(status.outbox).toEqual([{ kind: 'email', state: 'unknown', count: 1 }]);
  });
});

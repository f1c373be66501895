import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  recordWrittenTiers,
  tierChangesSince,
  transitionWords,
} from '../../../../app/safety/tier-changes.ts';
import { openProductStore } from '../../../../app/store.ts';
import { FixedClock } from '../../../../core/clock.ts';
import type { Score } from '../../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';

const clock = new FixedClock('2026-11-01T00:00:00.000Z');

function score(id: string, tier: Score['tier']): Score {
  return {
    entityType: 'account',
    entityId: id,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: '1',
    probability: 0.5,
    value: 50,
    tier,
    reasons: [],
    amount: null,
    action: null,
    computedAt: clock.now().toISOString(),
  };
}

describe('tier changes since the last write to a destination', () => {
  let store: SqliteCanonicalStore;
  beforeEach(async () => {
    store = await openProductStore(
      path.join(mkdtempSync(path.join(tmpdir(), 'sb-tiers-')), 'store.db'),
      clock,
    );
  });
  afterEach(async () => store.close());

  it('has nothing to compare before the first write', async () => {
    await store.saveScores(['a', 'b'].map((id) => score(id, 'low')));
    const changes = tierChangesSince(store.database, 'writeback:hubspot', 'churn_risk');
    expect(changes).toMatchObject({ lastWrittenAt: null, compared: 0, changed: 0, added: 2, share: 0 });
  });

  it('counts transitions, new and dropped records against what that destination was given', async () => {
    await store.saveScores(['a', 'b', 'c', 'd', 'e'].map((id) => score(id, 'low')));
    recordWrittenTiers(store.database, 'writeback:hubspot', ['churn_risk'], clock.now());
    store.database.prepare("DELETE FROM scores WHERE entity_id = 'e'").run();
    await store.saveScores([score('a', 'high'), score('b', 'medium'), score('f', 'high')]);
    const changes = tierChangesSince(store.database, 'writeback:hubspot', 'churn_risk');
    expect(changes).toMatchObject({
      lastWrittenAt: '2026-11-01T00:00:00.000Z',
      compared: 4,
      changed: 2,
      share: 0.5,
      added: 1,
      removed: 1,
    });
    expect(transitionWords(changes)).toBe('low → high 1, low → medium 1, new → high 1');
    // Another destination has its own memory: never written, so nothing to compare.
    expect(tierChangesSince(store.database, 'publish:warehouse', 'churn_risk').lastWrittenAt).toBeNull();
    recordWrittenTiers(store.database, 'writeback:hubspot', ['churn_risk'], clock.now());
    expect(tierChangesSince(store.database, 'writeback:hubspot', 'churn_risk')).toMatchObject({
      compared: 5,
      changed: 0,
      removed: 0,
    });
  });
});

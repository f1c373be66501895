import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProductStore } from '../../../app/store.ts';
import { collectRunSummary } from '../../../app/summary/run-summary.ts';
import { actionCounts } from '../../../app/summary/top-scored.ts';
import { FixedClock } from '../../../core/clock.ts';
import type { Score } from '../../../core/schema/index.ts';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { DEFAULT_MODEL_SPECS } from '../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { DIALECTS } from '../../helpers/dialect-database.ts';
import { openPostgresTestStore } from '../../helpers/postgres-store.ts';
import { account, batch } from '../../helpers/records.ts';

const clock = new FixedClock('2026-11-02T09:00:00Z');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function productStore(dialect: (typeof DIALECTS)[number]): Promise<SqliteCanonicalStore> {
  if (dialect === 'postgres') {
    const postgres = await openPostgresTestStore(clock);
    cleanups.push(() => postgres.dispose());
    return postgres.store;
  }
  const store = await openProductStore(
    path.join(mkdtempSync(path.join(tmpdir(), 'sb-summary-')), 'store.db'),
    clock,
  );
  cleanups.push(() => store.close());
  return store;
}

function churn(entityId: string, value: number, probability: number | null): Score {
  return {
    entityType: 'account',
    entityId,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v1',
    probability,
    value,
    tier: value > 70 ? 'high' : 'low',
    reasons: [{ feature: 'logins', direction: 'down', points: 9, text: `reason of ${entityId}` }],
    computedAt: '2026-11-02T00:00:00.000Z',
  };
}

describe.each(DIALECTS)('run summary on %s', (dialect) => {
  it('names the top accounts in one order on both stores, counts tiers and next best actions', async () => {
    const store = await productStore(dialect);
    await store.applyBatch(
      batch('accounts', [
        account('hubspot', 'a', { name: 'Acme' }),
        account('hubspot', 'b', { name: 'Beta' }),
        account('hubspot', 'c', { name: 'Cobalt' }),
      ]),
    );
    const ids = Object.fromEntries(
      (store.database.prepare('SELECT id, name FROM accounts').all() as { id: string; name: string }[]).map(
        (row) => [row.name, row.id],
      ),
    );
    // Same score: the one with a probability first, the one without after it, as SQLite orders them.
    await store.saveScores([
      churn(ids.Beta as string, 80, null),
      churn(ids.Acme as string, 80, 0.8),
      churn(ids.Cobalt as string, 50, 0.5),
    ]);
    const summary = await collectRunSummary({
      store,
      registry: ModelRegistry.of(store, clock),
      specs: DEFAULT_MODEL_SPECS.filter((spec) => spec.name === 'churn_risk'),
      top: 3,
    });
    expect(summary.data).toMatchObject({ accounts: 3, mergedByCrm: { accounts: 0 } });
    const [model] = summary.models;
    expect(model?.scored).toBe(3);
    expect(model?.tiers).toEqual(
      expect.arrayContaining([
        { tier: 'high', count: 2 },
        { tier: 'low', count: 1 },
      ]),
    );
    expect(model?.top.map((t) => [t.name, t.score, t.probability, t.reason])).toEqual([
      ['Acme', 80, 0.8, `reason of ${ids.Acme}`],
      ['Beta', 80, null, `reason of ${ids.Beta}`],
      ['Cobalt', 50, 0.5, `reason of ${ids.Cobalt}`],
    ]);
    await store.saveScores(
      ['x', 'y', 'z'].map((id, i) => ({
        ...churn(id, 40, 0.4),
        model: 'next_best_action',
        kind: 'nba' as const,
        entityType: 'contact' as const,
        action: i === 0 ? 'book_demo' : 'send_case_study',
      })),
    );
    expect(actionCounts(store.database, 'next_best_action')).toEqual([
      { action: 'send_case_study', count: 2 },
      { action: 'book_demo', count: 1 },
    ]);
  });
});

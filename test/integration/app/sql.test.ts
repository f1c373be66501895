import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueryError, runReadOnlyQuery } from '../../../app/sql/read-only-query.ts';
import { openProductStore } from '../../../app/store.ts';
import { FixedClock } from '../../../core/clock.ts';
import type { Score } from '../../../core/schema/index.ts';
import { SCORE_COLUMNS } from '../../../core/warehouse/scores-table.ts';

function score(entityId: string, value: number, computedAt: string): Score {
  return {
    entityType: 'account',
    entityId,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v1',
    probability: value / 100,
    value,
    tier: value > 70 ? 'high' : value > 40 ? 'medium' : 'low',
    reasons: [{ feature: 'logins', direction: 'up', points: 5, text: 'fewer logins' }],
    computedAt,
  };
}

describe('scorebridge sql on the embedded store', () => {
  it('exposes the published score tables and the latest view, binds parameters and refuses writes', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sb-sql-')), 'store.db');
    const store = await openProductStore(file, new FixedClock('2026-11-02T00:00:00Z'));
    await store.saveScores([
      score('a1', 30, '2026-11-01T00:00:00.000Z'),
      score('a2', 80, '2026-11-01T00:00:00.000Z'),
    ]);
    await store.saveScores([score('a1', 55, '2026-11-02T00:00:00.000Z')]);
    await store.close();

    const latest = runReadOnlyQuery(
      file,
      'SELECT * FROM scorebridge_latest_scores WHERE score >= :min ORDER BY entity_id',
      { min: 50 },
      100,
    );
    expect(latest.columns).toEqual(SCORE_COLUMNS.map((column) => column.name));
    expect(latest.rows.map((row) => [row.entity_id, row.score, row.tier, row.scored_at])).toEqual([
      ['a1', 55, 'medium', '2026-11-02T00:00:00.000Z'],
      ['a2', 80, 'high', '2026-11-01T00:00:00.000Z'],
    ]);
    expect(JSON.parse(String(latest.rows[0]?.reasons))).toEqual([
      { feature: 'logins', direction: 'up', points: 5, text: 'fewer logins' },
    ]);
    const history = runReadOnlyQuery(file, 'SELECT COUNT(*) AS n FROM scorebridge_score_history', {}, 10);
    expect(history.rows).toEqual([{ n: 3 }]);
    const current = runReadOnlyQuery(
      file,
      'SELECT entity_id, score FROM scorebridge_scores ORDER BY 1',
      {},
      1,
    );
    expect(current).toMatchObject({ rows: [{ entity_id: 'a1', score: 55 }], truncated: true });

    expect(() => runReadOnlyQuery(file, 'DELETE FROM scores', {}, 10)).toThrow(QueryError);
    expect(() => runReadOnlyQuery(file, 'DELETE FROM scores RETURNING *', {}, 10)).toThrow(/readonly/);
    expect(() => runReadOnlyQuery(file, 'SELEC 1', {}, 10)).toThrow(/SQL error/);
    expect(runReadOnlyQuery(file, 'SELECT COUNT(*) AS n FROM scores', {}, 10).rows).toEqual([{ n: 2 }]);
  });
});

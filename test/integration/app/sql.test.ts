import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QueryError, runReadOnlyQuery } from '../../../app/sql/read-only-query.ts';
import { runQueryWithTimeout } from '../../../app/sql/timed-query.ts';
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

  it('runs one statement only, saying where a second one starts, and never runs it', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sb-sql-')), 'store.db');
    const store = await openProductStore(file, new FixedClock('2026-11-02T00:00:00Z'));
    await store.saveScores([score('a1', 30, '2026-11-01T00:00:00.000Z')]);
    await store.close();
    expect(() => runReadOnlyQuery(file, 'SELECT 1 AS a; SELECT 2 AS b', {}, 10)).toThrow(
      'only one statement is run, and there is another after the first ";" (line 1, column 16: SELECT 2 AS b)',
    );
    expect(() => runReadOnlyQuery(file, "SELECT ';' AS a;;\n\nDELETE FROM scores", {}, 10)).toThrow(
      /line 3, column 1: DELETE FROM scores/,
    );
    expect(() => runReadOnlyQuery(file, 'SELECT 1 AS a; nonsense', {}, 10)).toThrow(/column 16: nonsense/);
    // Semicolons and comments after the statement are fine, inside strings too.
    expect(runReadOnlyQuery(file, "SELECT 'x;y' AS a; /* done */ ; -- really\n", {}, 10).rows).toEqual([
      { a: 'x;y' },
    ]);

    const viaProcess = await runQueryWithTimeout(
      { storePath: file, sql: "SELECT entity_id, x'00ff' AS raw FROM scores", params: {}, limit: 10 },
      10_000,
    );
    expect(viaProcess.rows).toEqual([{ entity_id: 'a1', raw: new Uint8Array([0, 255]) }]);
    await expect(
      runQueryWithTimeout({ storePath: file, sql: 'SELECT 1; SELECT 2', params: {}, limit: 10 }, 10_000),
    ).rejects.toBeInstanceOf(QueryError);
    await expect(
      runQueryWithTimeout(
        {
          storePath: file,
          sql: 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n',
          params: {},
          limit: 10,
        },
        300,
      ),
    ).rejects.toThrow(/stopped after running for 0.3 s/);
  });
});

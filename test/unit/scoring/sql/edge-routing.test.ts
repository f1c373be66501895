import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Calibrator } from '../../../../scoring/calibration/calibrator.ts';
import { scoreAndTier } from '../../../../scoring/calibration/score-bands.ts';
import { BinaryScorer } from '../../../../scoring/models/binary-scorer.ts';
import { rawProbability } from '../../../../scoring/models/fitted-learner.ts';
import {
  compileScoringQuery,
  featureTableDdl,
  type SqlDialectName,
  type SqlScoringModel,
} from '../../../../scoring/sql/index.ts';
import { type DuckDb, openDuckDb } from '../../../integration/scoring/sql/duckdb-engine.ts';
import { edgeGrid, handBuiltEnsemble, handBuiltModel } from './hand-built-model.ts';

type Row = { id: string; x: number | null; c: string | null };
type Scored = { probability: number; score: number; tier: string };

function inProcess(model: SqlScoringModel, rows: readonly Row[]): Map<string, Scored> {
  const scorer = new BinaryScorer(model.artifact);
  const encoder = scorer.rowEncoder(['x', 'c']);
  const out = new Float64Array(2);
  return new Map(
    rows.map((row) => {
      const probability = scorer.probabilityOfRow(encoder.encode([row.x ?? Number.NaN, row.c], out));
      return [row.id, { probability, ...scoreAndTier(probability, model.artifact.bands) }];
    }),
  );
}

/** Isotonic knots placed exactly on some rows' raw probabilities, so `<=` at a knot is exercised. */
function isotonicOnRows(model: SqlScoringModel, rows: readonly Row[]): Calibrator {
  const scorer = new BinaryScorer(model.artifact);
  const encoder = scorer.rowEncoder(['x', 'c']);
  const out = new Float64Array(2);
  const raws = rows.map((row) =>
    rawProbability('logit', scorer.runtime.marginRow(encoder.encode([row.x ?? Number.NaN, row.c], out))),
  );
  const knots = [...new Set(raws)].sort((a, b) => a - b).filter((_, k) => k % 2 === 0);
  return { method: 'isotonic', x: knots, y: knots.map((_, k) => (k + 1) / (knots.length + 1)), floor: 0.001 };
}

const calibrators: Record<string, (model: SqlScoringModel, rows: readonly Row[]) => Calibrator> = {
  identity: () => ({ method: 'identity' }),
  'platt-logit': () => ({ method: 'platt', a: 1.7, b: -0.3, input: 'logit' }),
  'platt-raw': () => ({ method: 'platt', a: -2.5, b: 1.25, input: 'raw' }),
  isotonic: isotonicOnRows,
};

async function runDuckDb(
  db: DuckDb,
  model: SqlScoringModel,
  rows: readonly Row[],
): Promise<Map<string, Scored>> {
  await db.connection.run('DROP TABLE IF EXISTS edge');
  await db.connection.run(featureTableDdl(model, { dialect: 'duckdb', table: 'edge', idColumns: ['id'] }));
  const appender = await db.connection.createAppender('edge');
  for (const row of rows) {
    appender.appendVarchar(row.id);
    if (row.x === null) appender.appendNull();
    else appender.appendDouble(row.x);
    if (row.c === null) appender.appendNull();
    else appender.appendVarchar(row.c);
    appender.endRow();
  }
  appender.closeSync();
  const sql = compileScoringQuery(model, { dialect: 'duckdb', featureTable: 'edge', idColumns: ['id'] });
  const result = await db.connection.runAndReadAll(sql);
  return new Map(
    result
      .getRowObjectsJS()
      .map((r) => [
        String(r.id),
        { probability: Number(r.probability), score: Number(r.score), tier: String(r.tier) },
      ]),
  );
}

function runSqlite(model: SqlScoringModel, rows: readonly Row[]): Map<string, Scored> {
  const db = new DatabaseSync(':memory:');
  try {
    db.exec(featureTableDdl(model, { dialect: 'sqlite', table: 'edge', idColumns: ['id'] }));
    const insert = db.prepare('INSERT INTO edge VALUES (?, ?, ?)');
    for (const row of rows) insert.run(row.id, row.x, row.c);
    const sql = compileScoringQuery(model, { dialect: 'sqlite', featureTable: 'edge', idColumns: ['id'] });
    return new Map(
      db
        .prepare(sql)
        .all()
        .map((r) => [
          String(r.id),
          { probability: Number(r.probability), score: Number(r.score), tier: String(r.tier) },
        ]),
    );
  } finally {
    db.close();
  }
}

describe('hand-built trees route every edge case like the in-process predictor', () => {
  let db: DuckDb;
  beforeAll(async () => {
    db = await openDuckDb();
  });
  afterAll(() => db?.close());

  const rows = edgeGrid();
  for (const withDomains of [true, false])
    for (const [name, calibratorOf] of Object.entries(calibrators))
      for (const dialect of ['duckdb', 'sqlite'] as SqlDialectName[])
        it(`${dialect}, ${name} calibration, ${withDomains ? 'with' : 'without'} category domains`, async () => {
          const draft = handBuiltModel(handBuiltEnsemble(withDomains), { method: 'identity' });
          const model = handBuiltModel(handBuiltEnsemble(withDomains), calibratorOf(draft, rows));
          const expected = inProcess(model, rows);
          const got = dialect === 'duckdb' ? await runDuckDb(db, model, rows) : runSqlite(model, rows);
          expect(got.size).toBe(rows.length);
          const probabilities = new Set<number>();
          for (const row of rows) {
            const want = expected.get(row.id)!;
            const have = got.get(row.id)!;
            probabilities.add(want.probability);
            expect(Math.abs(have.probability - want.probability), row.id).toBeLessThanOrEqual(1e-12);
            expect([have.score, have.tier], row.id).toEqual([want.score, want.tier]);
          }
          // The grid reaches many leaves: a routing rule collapsed to one branch would show here.
          expect(probabilities.size).toBeGreaterThan(4);
        });
});

import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakePublisher } from '../../../../connectors/snowflake/index.ts';
import { SnowflakeRejectedRowError } from '../../../../connectors/snowflake/publish/copy-load.ts';
import type { Score } from '../../../../core/schema/index.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';
import { connect, emulatorConfig, pages, score } from './fixtures.ts';

let emulator: SnowflakeEmulator;
beforeAll(async () => {
  emulator = await startSnowflakeEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const leftoverFolders = async () =>
  (await readdir(tmpdir())).filter((name) => name.startsWith('scorebridge-snowflake-'));

/** Scores whose text needs every kind of CSV care: quotes, commas, line breaks, Unicode, empty vs NULL. */
function tricky(index: number): Score {
  const variants: Partial<Score>[] = [
    { modelVersion: 'v1', action: null, amount: null },
    { modelVersion: 'say "high", really', action: '', amount: 0 },
    { modelVersion: 'line one\nline two\r\nline three', action: 'call\tnow', amount: -12.5 },
    { modelVersion: 'ünïcödé — 😀 中文', action: '\\N', amount: 1e-7 },
    { modelVersion: 'NULL', action: '"', amount: 123456789.125, probability: null },
  ];
  return score(index, {
    ...variants[index % variants.length],
    reasons: [
      { feature: 'notes', direction: 'up', points: 1.5, text: `He said "hi", then\nleft — ${index} ✓` },
    ],
    computedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, index % 1000)).toISOString(),
  });
}

async function currentRows(schema: string): Promise<Record<string, unknown>[]> {
  const client = await connect(emulatorConfig(emulator, { schema }));
  try {
    return await client.execute(
      'SELECT ENTITY_TYPE, ENTITY_ID, MODEL, KIND, MODEL_VERSION, SCORE, PROBABILITY, TIER, TO_JSON(REASONS) AS REASONS, AMOUNT, ACTION, SCORED_AT FROM SCOREBRIDGE_SCORES ORDER BY ENTITY_ID',
    );
  } finally {
    await client.close();
  }
}

describe('Snowflake publish through gzip CSV files, PUT and COPY INTO (snowflake-sdk against the emulator)', () => {
  it('loads the same rows as array binds, keeping NULL apart from empty text, quotes, line breaks, Unicode and timestamps', async () => {
    const scores = Array.from({ length: 2_000 }, (_, i) => tricky(i));
    const files = createSnowflakePublisher(
      'warehouse',
      emulatorConfig(emulator, { schema: 'BY_FILES', scores: { copyFromRows: 500 } }),
    );
    const binds = createSnowflakePublisher(
      'warehouse',
      emulatorConfig(emulator, { schema: 'BY_BINDS', scores: { copyFromRows: 1_000_000 } }),
    );
    try {
      emulator.stats.reset();
      const loaded = await files.publishScores(pages(scores, 300));
      expect(loaded).toMatchObject({
        rows: 2_000,
        merged: 2_000,
        loadedBy: '1 gzip CSV file (PUT + COPY INTO)',
      });
      expect(files.lastLoad).toMatchObject({ path: 'files', files: 1 });
      // One PUT of one file, no bind values: the scores travelled only in the gzip file.
      expect(emulator.stats).toMatchObject({ puts: 1, stageFiles: 1, stageBoundStatements: 0 });
      expect(emulator.stats.stageBytes).toBeLessThan(2_000 * 100);
      const bound = await binds.publishScores(pages(scores, 300));
      expect(bound).toMatchObject({ rows: 2_000, merged: 2_000, loadedBy: 'array binds' });
      expect(binds.lastLoad).toMatchObject({ path: 'binds', files: 0 });
      // Re-publishing through files changes nothing (MERGE idempotency holds on this path too).
      expect(await files.publishScores(pages(scores, 300))).toMatchObject({ rows: 2_000, merged: 0 });
    } finally {
      await files.close();
      await binds.close();
    }
    const byFiles = await currentRows('BY_FILES');
    expect(byFiles).toEqual(await currentRows('BY_BINDS'));
    expect(byFiles).toHaveLength(2_000);
    expect(byFiles.slice(0, 5).map((row) => [row.MODEL_VERSION, row.ACTION, row.AMOUNT])).toEqual([
      ['v1', null, null],
      ['say "high", really', '', 0],
      ['line one\nline two\r\nline three', 'call\tnow', -12.5],
      ['ünïcödé — 😀 中文', '\\N', 1e-7],
      ['NULL', '"', 123456789.125],
    ]);
    expect(byFiles[4]!.PROBABILITY).toBeNull();
    expect((byFiles[7]!.SCORED_AT as Date).toISOString()).toBe('2026-01-02T03:04:05.007Z');
    expect(await leftoverFolders()).toEqual([]);
  });

  it('reports a row Snowflake rejects with its file, line and score, merges nothing, and removes the files', async () => {
    const config = emulatorConfig(emulator, { schema: 'BAD_ROW', scores: { copyFromRows: 10 } });
    const scores = Array.from({ length: 40 }, (_, i) => tricky(i));
    // A timestamp the warehouse cannot read; the CSV still carries it faithfully.
    scores[22] = { ...scores[22]!, computedAt: 'yesterday at noon' };
    const publisher = createSnowflakePublisher('warehouse', config);
    try {
      const failure = await publisher.publishScores(pages(scores, 7)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(SnowflakeRejectedRowError);
      const rejected = failure as SnowflakeRejectedRowError;
      expect(rejected.key).toEqual(['contact', 'c0000022', 'churn_risk']);
      expect(rejected.file).toMatch(/^[0-9a-f-]{36}\/scores-0001\.csv\.gz$/);
      // The 22 records before it take a line each (reasons are JSON, their line breaks escaped), and
      // the four with a three-line model version (indexes 2, 7, 12, 17) take 2 more: line 1 + 22 + 8.
      expect(rejected.line).toBe(31);
      expect(rejected.message).toContain('score contact c0000022 (model churn_risk)');
      expect(rejected.message).toContain('column SCORED_AT');
      expect(rejected.message).toContain('nothing was merged');
      expect(await currentRows('BAD_ROW')).toEqual([]);
      // The same publisher recovers once the bad score is fixed.
      scores[22] = tricky(22);
      expect(await publisher.publishScores(pages(scores, 7))).toMatchObject({ rows: 40, merged: 40 });
    } finally {
      await publisher.close();
    }
    expect(await currentRows('BAD_ROW')).toHaveLength(40);
    expect(await leftoverFolders()).toEqual([]);
  });
});

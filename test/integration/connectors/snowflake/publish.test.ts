import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakePublisher, ScoreSchemaDriftError } from '../../../../connectors/snowflake/index.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';
import { connect, emulatorConfig, pages, score } from './fixtures.ts';

let emulator: SnowflakeEmulator;
beforeAll(async () => {
  emulator = await startSnowflakeEmulator();
});
afterAll(async () => {
  await emulator.close();
});

async function tableRows(schema: string, table: string): Promise<Record<string, unknown>[]> {
  const client = await connect(emulatorConfig(emulator, { schema }));
  try {
    return await client.execute(`SELECT * FROM ${table} ORDER BY ENTITY_TYPE, ENTITY_ID, MODEL, SCORED_AT`);
  } finally {
    await client.close();
  }
}

describe('Snowflake score publisher (through snowflake-sdk against the emulator)', () => {
  it('creates the tables and view, then finds them on the next run', async () => {
    const publisher = createSnowflakePublisher(
      'warehouse',
      emulatorConfig(emulator, { schema: 'FIRST_RUN' }),
    );
    try {
      const first = await publisher.ensureScoreTables();
      expect(first.created).toEqual([
        'SCOREBRIDGE_SCORES',
        'SCOREBRIDGE_SCORE_HISTORY',
        'SCOREBRIDGE_LATEST_SCORES',
      ]);
      expect(first.existing).toEqual([]);
    } finally {
      await publisher.close();
    }
    const again = createSnowflakePublisher('warehouse', emulatorConfig(emulator, { schema: 'FIRST_RUN' }));
    try {
      expect(await again.ensureScoreTables()).toEqual({
        created: [],
        existing: ['SCOREBRIDGE_SCORES', 'SCOREBRIDGE_SCORE_HISTORY', 'SCOREBRIDGE_LATEST_SCORES'],
      });
    } finally {
      await again.close();
    }
  });

  it('publishing the same scores twice leaves the same tables (MERGE idempotency)', async () => {
    const config = emulatorConfig(emulator, { schema: 'IDEMPOTENT' });
    const scores = Array.from({ length: 250 }, (_, i) => score(i));
    const publisher = createSnowflakePublisher('warehouse', config);
    try {
      const first = await publisher.publishScores(pages(scores, 100));
      expect(first).toMatchObject({ rows: 250, merged: 250 });
      const afterFirst = await tableRows('IDEMPOTENT', 'SCOREBRIDGE_SCORES');
      const historyFirst = await tableRows('IDEMPOTENT', 'SCOREBRIDGE_SCORE_HISTORY');
      const second = await publisher.publishScores(pages(scores, 100));
      expect(second).toMatchObject({ rows: 250, merged: 0 });
      expect(await tableRows('IDEMPOTENT', 'SCOREBRIDGE_SCORES')).toEqual(afterFirst);
      expect(await tableRows('IDEMPOTENT', 'SCOREBRIDGE_SCORE_HISTORY')).toEqual(historyFirst);
      expect(afterFirst).toHaveLength(250);
      expect(afterFirst[7]).toMatchObject({
        ENTITY_ID: 'c0000007',
        MODEL: 'churn_risk',
        SCORE: 7,
        PROBABILITY: 0.07,
        REASONS: [{ feature: 'logins_30d', direction: 'down', points: -3.5, text: 'Fewer logins' }],
      });
      expect((afterFirst[7]!.SCORED_AT as Date).toISOString()).toBe('2026-01-02T03:04:05.000Z');

      const newer = scores
        .slice(0, 10)
        .map((s) => ({ ...s, value: 99, computedAt: '2026-02-01T00:00:00.000Z' }));
      const third = await publisher.publishScores(pages(newer));
      expect(third).toMatchObject({ rows: 10, merged: 10 });
      const latest = await tableRows('IDEMPOTENT', 'SCOREBRIDGE_LATEST_SCORES');
      const newest = latest.filter(
        (row) => (row.SCORED_AT as Date).toISOString() === '2026-02-01T00:00:00.000Z',
      );
      expect(newest.map((row) => row.SCORE)).toEqual(Array.from({ length: 10 }, () => 99));
      expect(await tableRows('IDEMPOTENT', 'SCOREBRIDGE_SCORE_HISTORY')).toHaveLength(260);
    } finally {
      await publisher.close();
    }
  });

  it('names the table, column and types when an existing table drifted', async () => {
    const config = emulatorConfig(emulator, { schema: 'DRIFTED' });
    const client = await connect(config);
    await client.execute('CREATE SCHEMA IF NOT EXISTS DRIFTED');
    await client.execute(
      'CREATE TABLE DRIFTED.SCOREBRIDGE_SCORES (ENTITY_TYPE VARCHAR, ENTITY_ID VARCHAR, MODEL VARCHAR, KIND VARCHAR, MODEL_VERSION VARCHAR, SCORE VARCHAR, PROBABILITY FLOAT, TIER VARCHAR, AMOUNT FLOAT, ACTION VARCHAR, SCORED_AT TIMESTAMP_NTZ)',
    );
    await client.close();
    const publisher = createSnowflakePublisher('warehouse', config);
    try {
      const failure = publisher.ensureScoreTables();
      await expect(failure).rejects.toThrow(ScoreSchemaDriftError);
      await expect(failure).rejects.toThrow('DRIFTED.SCOREBRIDGE_SCORES.SCORE: expected FLOAT, found TEXT');
      await expect(failure).rejects.toThrow(
        'DRIFTED.SCOREBRIDGE_SCORES.REASONS: expected VARIANT, found no such column',
      );
    } finally {
      await publisher.close();
    }
  });

  it('splits a large publish under the bind limit and still merges once', async () => {
    const config = emulatorConfig(emulator, { schema: 'LARGE' });
    const scores = Array.from({ length: 100_001 }, (_, i) => score(i));
    const publisher = createSnowflakePublisher('warehouse', config);
    try {
      await publisher.ensureScoreTables();
      emulator.stats.reset();
      const result = await publisher.publishScores(pages(scores, 5000));
      expect(result).toMatchObject({ rows: 100_001, merged: 100_001 });
      // create staging + 2 staging inserts (100,000 + 1) + MERGE + history insert
      expect(result.requests).toBe(5);
      expect(emulator.stats.requests.query).toBe(5);
      expect(emulator.stats.maxBindValuesPerRequest).toBe(100_000);
      expect(emulator.stats.bindValues).toBe(100_001);
    } finally {
      await publisher.close();
    }
    const counted = await connect(config);
    const [row] = await counted.execute('SELECT COUNT(*) AS N FROM SCOREBRIDGE_SCORES');
    await counted.close();
    expect(row).toEqual({ N: 100_001 });
  });

  it('honours a smaller configured batch size', async () => {
    const config = emulatorConfig(emulator, { schema: 'SMALL_BATCHES', scores: { batchRows: 300 } });
    const publisher = createSnowflakePublisher('warehouse', config);
    try {
      await publisher.ensureScoreTables();
      emulator.stats.reset();
      const result = await publisher.publishScores(
        pages(
          Array.from({ length: 1000 }, (_, i) => score(i)),
          128,
        ),
      );
      expect(result.requests).toBe(1 + 4 + 2);
      expect(emulator.stats.maxBindValuesPerRequest).toBe(300);
    } finally {
      await publisher.close();
    }
  });
});

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

  it("publishes a 100,000-score batch through the driver's stage bind path and still merges once", async () => {
    // File loading (PUT + COPY, publish-files.test.ts) is raised out of reach: this test keeps the
    // array-bind path honest for deployments that set scores.copyFromRows above their publish size.
    const config = emulatorConfig(emulator, { schema: 'LARGE', scores: { copyFromRows: 1_000_000 } });
    // Quotes, commas, backslashes, newlines, tabs and non-ASCII text all cross the CSV stage files.
    const text = (i: number) => `Fewer logins, "${i}" \\ tab\there\nnew line — 日本語 😀`;
    const scores = Array.from({ length: 100_001 }, (_, i) =>
      score(i, {
        reasons: [{ feature: 'logins_30d', direction: 'down', points: -((i % 7) + 1) / 2, text: text(i) }],
        probability: i % 5 === 0 ? null : (i % 100) / 100,
        amount: i % 4 === 0 ? i * 1.25 : null,
        action: i % 6 === 0 ? 'Call "today", then email' : null,
        computedAt: new Date(Date.UTC(2026, 0, 2, 3, 4, 5) + i * 1000).toISOString(),
      }),
    );
    const publisher = createSnowflakePublisher('warehouse', config);
    try {
      await publisher.ensureScoreTables();
      emulator.stats.reset();
      const result = await publisher.publishScores(pages(scores, 5000));
      expect(result).toMatchObject({ rows: 100_001, merged: 100_001 });
      // create staging + 2 staging inserts (100,000 + 1) + MERGE + history insert
      expect(result.requests).toBe(5);
      // The server's CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280) sends the 100,000-row batch through
      // a stage: CREATE TEMPORARY STAGE and PUT are two more query requests, the file goes to storage.
      expect(emulator.stats.requests.query).toBe(7);
      expect(emulator.stats.stagesCreated).toBe(1);
      expect(emulator.stats.puts).toBe(1);
      expect(emulator.stats.stageFiles).toBe(1);
      expect(emulator.stats.requests.stageStorage).toBe(1);
      expect(emulator.stats.stageBoundStatements).toBe(1);
      expect(emulator.stats.stageBoundRows).toBe(100_000);
      // Only the last score travelled inline.
      expect(emulator.stats.bindValues).toBe(1);
    } finally {
      await publisher.close();
    }
    const picked = [0, 1, 4, 5, 6, 12_345, 99_999, 100_000];
    const client = await connect(config);
    try {
      const [totals] = await client.execute(
        'SELECT COUNT(*) AS N, SUM(SCORE) AS SCORES, SUM(AMOUNT) AS AMOUNTS, COUNT(PROBABILITY) AS PROBABILITIES FROM SCOREBRIDGE_SCORES',
      );
      expect(totals).toEqual({
        N: 100_001,
        SCORES: scores.reduce((total, s) => total + s.value, 0),
        AMOUNTS: scores.reduce((total, s) => total + (s.amount ?? 0), 0),
        PROBABILITIES: scores.filter((s) => s.probability !== null).length,
      });
      const rows = await client.execute(
        `SELECT * FROM SCOREBRIDGE_SCORES WHERE ENTITY_ID IN (${picked.map(() => '?').join(', ')}) ORDER BY ENTITY_ID`,
        picked.map((index) => scores[index]!.entityId),
      );
      rows.forEach((row, position) => {
        const expected = scores[picked[position]!]!;
        expect(row).toMatchObject({
          ENTITY_ID: expected.entityId,
          SCORE: expected.value,
          PROBABILITY: expected.probability,
          AMOUNT: expected.amount,
          ACTION: expected.action,
          REASONS: expected.reasons,
        });
        expect((row.SCORED_AT as Date).toISOString()).toBe(expected.computedAt);
      });
      expect(rows).toHaveLength(picked.length);
    } finally {
      await client.close();
    }
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

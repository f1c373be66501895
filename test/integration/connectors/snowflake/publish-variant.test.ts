import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakePublisher } from '../../../../connectors/snowflake/index.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';
import { connect, emulatorConfig, pages, score } from './fixtures.ts';

let emulator: SnowflakeEmulator;
beforeAll(async () => {
  emulator = await startSnowflakeEmulator();
});
afterAll(async () => {
  await emulator.close();
});

const reasons = (index: number) => [
  {
    feature: `tenure_${index}`,
    direction: 'up' as const,
    points: 4.5,
    text: `Customer for ${index} "months"`,
  },
  { feature: 'logins_30d', direction: 'down' as const, points: -2, text: 'Fewer logins' },
];

/** What a data team's query sees: the type of REASONS and members of its first element. */
async function reasonsAsQueried(schema: string, table: string) {
  const client = await connect(emulatorConfig(emulator, { schema }));
  try {
    return await client.execute(
      `SELECT ENTITY_ID, TYPEOF(REASONS) AS REASONS_TYPE, REASONS[0]:feature::VARCHAR AS FIRST_FEATURE, REASONS[0]:points::FLOAT AS FIRST_POINTS, REASONS[1]:text::VARCHAR AS SECOND_TEXT FROM ${table} ORDER BY ENTITY_ID`,
    );
  } finally {
    await client.close();
  }
}

describe('Snowflake publish stores REASONS as a VARIANT array (snowflake-sdk against the emulator)', () => {
  it.each([
    { path: 'binds', schema: 'VARIANT_BINDS', count: 3, loadedBy: 'array binds' },
    { path: 'files', schema: 'VARIANT_FILES', count: 30, loadedBy: '1 gzip CSV file (PUT + COPY INTO)' },
  ])('through $path: TYPEOF(REASONS) is ARRAY and REASONS[0]:feature reads the first reason', async (run) => {
    const scores = Array.from({ length: run.count }, (_, i) => score(i, { reasons: reasons(i) }));
    const publisher = createSnowflakePublisher(
      'warehouse',
      emulatorConfig(emulator, { schema: run.schema, scores: { copyFromRows: 10 } }),
    );
    try {
      expect(await publisher.publishScores(pages(scores, 7))).toMatchObject({
        rows: run.count,
        loadedBy: run.loadedBy,
      });
    } finally {
      await publisher.close();
    }
    for (const table of ['SCOREBRIDGE_SCORES', 'SCOREBRIDGE_SCORE_HISTORY', 'SCOREBRIDGE_LATEST_SCORES']) {
      const rows = await reasonsAsQueried(run.schema, table);
      expect(rows).toHaveLength(run.count);
      expect(rows[1]).toEqual({
        ENTITY_ID: 'c0000001',
        REASONS_TYPE: 'ARRAY',
        FIRST_FEATURE: 'tenure_1',
        FIRST_POINTS: 4.5,
        SECOND_TEXT: 'Fewer logins',
      });
      expect(new Set(rows.map((row) => row.REASONS_TYPE))).toEqual(new Set(['ARRAY']));
    }
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
/**
 * Publishes scores to the Snowflake emulator through snowflake-sdk: the connector's path (array-bound
 * staging + one MERGE + one history INSERT) against naive per-row DML (UPDATE, INSERT when missing,
 * history INSERT), which is measured on a small sample and extrapolated.
 */
import { SnowflakeClient } from '../../connectors/snowflake/client.ts';
import {
  createSnowflakePublisher,
  snowflakeConnectorConfigSchema,
} from '../../connectors/snowflake/index.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import type { Score } from '../../core/schema/index.ts';
import { scoreRow } from '../../core/warehouse/scores-table.ts';
import { startSnowflakeEmulator } from '../../emulators/snowflake/index.ts';

const SCORES = Number(process.env.BENCH_SCORES ?? 1_000_000);
const NAIVE_SAMPLE = Math.min(Number(process.env.BENCH_NAIVE_SAMPLE ?? 2000), SCORES);
const PAGE = 10_000;

function score(index: number): Score {
  return {
    entityType: 'contact',
    entityId: `c${String(index).padStart(8, '0')}`,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v7',
    probability: (index % 1000) / 1000,
    value: index % 100,
    tier: (['low', 'medium', 'high'] as const)[index % 3]!,
    reasons: [
      { feature: 'logins_30d', direction: 'down', points: -4.2, text: 'Logins fell 60% in 30 days' },
      { feature: 'tickets_90d', direction: 'up', points: 2.1, text: '3 support tickets in 90 days' },
    ],
    amount: null,
    action: null,
    computedAt: '2026-03-01T06:00:00.000Z',
  };
}

async function* pages(count: number): AsyncGenerator<readonly Score[]> {
  for (let start = 0; start < count; start += PAGE) {
    yield Array.from({ length: Math.min(PAGE, count - start) }, (_, i) => score(start + i));
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<string> {
  const emulator = await startSnowflakeEmulator();
  const raw = {
    type: 'snowflake',
    account: emulator.account,
    username: 'bench',
    password: '${BENCH_SNOWFLAKE_PASSWORD}',
    database: 'BENCH',
    accessUrl: emulator.url,
  };
  const env = { BENCH_SNOWFLAKE_PASSWORD: 'emulator-only' };
  const config = runInConfigContext({ env, baseDir: process.cwd() }, () =>
    snowflakeConnectorConfigSchema.parse(raw),
  );
  try {
    emulator.stats.reset();
    const publisher = createSnowflakePublisher('bench', config);
    const started = performance.now();
    await publisher.ensureScoreTables();
    const result = await publisher.publishScores(pages(SCORES));
    await publisher.close();
    const seconds = (performance.now() - started) / 1000;
    const bulk = emulator.stats.snapshot();
    const largestRequest = emulator.stats.maxBindValuesPerRequest;

    // Naive reference: every score is its own UPDATE (+ INSERT when absent) and its own history INSERT.
    const naiveConfig = runInConfigContext({ env, baseDir: process.cwd() }, () =>
      snowflakeConnectorConfigSchema.parse({ ...raw, schema: 'NAIVE' }),
    );
    const naivePublisher = createSnowflakePublisher('bench', naiveConfig);
    const setup = await SnowflakeClient.connect({ ...naiveConfig });
    await setup.execute('CREATE SCHEMA IF NOT EXISTS NAIVE');
    await setup.close();
    await naivePublisher.ensureScoreTables();
    await naivePublisher.close();
    emulator.stats.reset();
    const client = await SnowflakeClient.connect({ ...naiveConfig });
    const naiveStarted = performance.now();
    for await (const page of pages(NAIVE_SAMPLE)) {
      for (const s of page) {
        const r = scoreRow(s);
        const values = [
          r.kind,
          r.model_version,
          r.score,
          r.probability,
          r.tier,
          r.reasons,
          r.amount,
          r.action,
          r.scored_at,
        ];
        const key = [r.entity_type, r.entity_id, r.model];
        const [updated] = await client.execute(
          'UPDATE SCOREBRIDGE_SCORES SET KIND = ?, MODEL_VERSION = ?, SCORE = ?, PROBABILITY = ?, TIER = ?, REASONS = PARSE_JSON(?), AMOUNT = ?, ACTION = ?, SCORED_AT = ? WHERE ENTITY_TYPE = ? AND ENTITY_ID = ? AND MODEL = ?',
          [...values, ...key],
        );
        const insert =
          'INSERT INTO TABLE_NAME (ENTITY_TYPE, ENTITY_ID, MODEL, KIND, MODEL_VERSION, SCORE, PROBABILITY, TIER, REASONS, AMOUNT, ACTION, SCORED_AT) SELECT ?, ?, ?, ?, ?, ?, ?, ?, PARSE_JSON(?), ?, ?, ?';
        if (Number(updated?.['number of rows updated'] ?? 0) === 0) {
          await client.execute(insert.replace('TABLE_NAME', 'SCOREBRIDGE_SCORES'), [...key, ...values]);
        }
        await client.execute(insert.replace('TABLE_NAME', 'SCOREBRIDGE_SCORE_HISTORY'), [...key, ...values]);
      }
    }
    await client.close();
    const naiveSeconds = (performance.now() - naiveStarted) / 1000;
    const naive = emulator.stats.snapshot();
    const naivePerRow = naive.query / NAIVE_SAMPLE;
    const naiveRequests = naivePerRow * SCORES;
    const stagingInserts = Math.ceil(SCORES / 100_000);
    return [
      '## Snowflake score publish (emulator, snowflake-sdk 3.3)',
      '',
      `Publish of ${fmt(SCORES)} scores to the Snowflake emulator (DuckDB behind Snowflake's HTTP protocol, same process, loopback). ` +
        `Connector path: temporary staging table loaded with array binds (one JSON document per score, ≤ 100,000 bind values per request), ` +
        `one MERGE into the current table, one INSERT … SELECT into history. Naive reference: per-row UPDATE (+ INSERT when missing) and a history INSERT, ` +
        `measured on ${fmt(NAIVE_SAMPLE)} scores and extrapolated linearly to ${fmt(SCORES)}.`,
      '',
      '| path | HTTP requests | query requests | rows/s |',
      '| --- | ---: | ---: | ---: |',
      `| staged array binds + 1 MERGE | ${fmt(bulk.total)} | ${fmt(bulk.query)} | ${fmt(SCORES / seconds)} |`,
      `| per-row DML (extrapolated from ${fmt(NAIVE_SAMPLE)}) | ${fmt(naiveRequests + 4)} | ${fmt(naiveRequests)} | ${fmt(NAIVE_SAMPLE / naiveSeconds)} |`,
      '',
      `Connector requests: login ${bulk.login}, telemetry ${bulk.telemetry}, queries ${bulk.query} (${stagingInserts} staging inserts of ≤ 100,000 rows; the other ${bulk.query - stagingInserts} are a constant: ` +
        `schema check, table/view creation, staging table, MERGE, history), logout ${bulk.logout}. ` +
        `Largest request: ${fmt(largestRequest)} bind values. MERGE changed ${fmt(result.merged)} rows. ` +
        `Per-row DML made ${naivePerRow.toFixed(2)} query requests per score: ${fmt(naiveRequests / bulk.query)}× more requests than the connector.`,
      '',
      `Command: \`BENCH_SCORES=${SCORES} node bench/warehouse/snowflake-publish.ts\`.`,
    ].join('\n');
  } finally {
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await run()}\n`);
}

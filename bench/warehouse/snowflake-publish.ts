// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
/**
 * Publishes scores to the Snowflake emulator through snowflake-sdk: the connector's path (array-bound
 * staging + one MERGE + one history INSERT) against naive per-row DML (UPDATE, INSERT when missing,
 * history INSERT), which is measured on a small sample and extrapolated. The emulator sends the
 * real login parameters, so every full batch crosses CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280)
 * and goes through the driver's stage upload; the published table is then checked row by row
 * through a count and a checksum computed in the warehouse.
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

/** Weighted by the id's number, so a score landing on the wrong entity changes the checksum. */
const CHECKSUM_SQL =
  'SELECT COUNT(*) AS N, COUNT(DISTINCT ENTITY_ID) AS IDS, SUM(CAST(SUBSTR(ENTITY_ID, 2) AS BIGINT) * SCORE) AS CHECKSUM, ' +
  'SUM(PROBABILITY) AS PROBABILITIES, SUM(LENGTH(TO_JSON(REASONS))) AS REASON_CHARS FROM SCOREBRIDGE_SCORES';

function expectedChecksum(count: number) {
  let checksum = 0;
  let probabilities = 0;
  for (let index = 0; index < count; index++) {
    const s = score(index);
    checksum += index * s.value;
    probabilities += s.probability ?? 0;
  }
  return {
    n: count,
    ids: count,
    checksum,
    probabilities,
    reasonChars: count * JSON.stringify(score(0).reasons).length,
  };
}

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
    const stage = { ...emulator.stats };
    const check = await SnowflakeClient.connect({ ...config });
    const [found] = await check.execute(CHECKSUM_SQL);
    await check.close();
    const expected = expectedChecksum(SCORES);
    const actual = {
      n: Number(found?.N),
      ids: Number(found?.IDS),
      checksum: Number(found?.CHECKSUM),
      probabilities: Number(found?.PROBABILITIES),
      reasonChars: Number(found?.REASON_CHARS),
    };
    const correct =
      actual.n === expected.n &&
      actual.ids === expected.ids &&
      actual.checksum === expected.checksum &&
      Math.abs(actual.probabilities - expected.probabilities) < 1e-6 &&
      actual.reasonChars === expected.reasonChars;

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
    const fullBatches = Math.floor(SCORES / 100_000);
    return [
      '## Snowflake score publish (emulator, snowflake-sdk 3.3)',
      '',
      `Publish of ${fmt(SCORES)} scores to the Snowflake emulator (DuckDB behind Snowflake's HTTP protocol, same process, loopback). ` +
        'Connector path: temporary staging table loaded with array binds (one JSON document per score, 100,000 per INSERT), ' +
        'one MERGE into the current table, one INSERT … SELECT into history. The emulator sends the login parameters a real server sends, ' +
        'so each 100,000-value batch is above CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280) and snowflake-sdk moves it through a temporary stage: ' +
        'CREATE TEMPORARY STAGE once per session, a PUT per batch, the encrypted CSV file uploaded to the stage storage, then the INSERT binds from the stage. ' +
        `Naive reference: per-row UPDATE (+ INSERT when missing) and a history INSERT, measured on ${fmt(NAIVE_SAMPLE)} scores and extrapolated linearly to ${fmt(SCORES)}.`,
      '',
      '| path | HTTP requests | query requests | seconds | rows/s |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| staged array binds through the stage + 1 MERGE | ${fmt(bulk.total)} | ${fmt(bulk.query)} | ${seconds.toFixed(1)} | ${fmt(SCORES / seconds)} |`,
      `| per-row DML (extrapolated from ${fmt(NAIVE_SAMPLE)}) | ${fmt(naiveRequests + 4)} | ${fmt(naiveRequests)} | ${fmt((naiveSeconds * SCORES) / NAIVE_SAMPLE)} | ${fmt(NAIVE_SAMPLE / naiveSeconds)} |`,
      '',
      `Stage path: ${stage.stagesCreated} temporary stage, ${stage.puts} PUTs, ${stage.stageFiles} files uploaded (${(stage.stageBytes / 1024 / 1024).toFixed(1)} MB encrypted), ` +
        `${stage.stageBoundStatements} INSERTs bound ${fmt(stage.stageBoundRows)} rows from the stage (${fullBatches} full batches expected); ` +
        `${fmt(stage.bindValues)} bind values travelled inline (the schema check, and a last batch below the threshold if any). ` +
        `Connector requests: login ${bulk.login}, telemetry ${bulk.telemetry}, queries ${bulk.query} (${stagingInserts} staging inserts, ${stage.puts} PUTs and ${stage.stagesCreated} CREATE STAGE; the rest are a constant: ` +
        `schema check, table/view creation, staging table, MERGE, history), stage storage uploads ${bulk.stageStorage}, logout ${bulk.logout}. MERGE changed ${fmt(result.merged)} rows.`,
      '',
      `Correctness: ${correct ? 'passed' : 'FAILED'}. The current table holds ${fmt(actual.n)} rows (${fmt(actual.ids)} distinct entities; expected ${fmt(expected.n)}); ` +
        `checksum Σ(entity number × score) = ${fmt(actual.checksum)} (expected ${fmt(expected.checksum)}); Σ probability = ${actual.probabilities.toFixed(3)} (expected ${expected.probabilities.toFixed(3)}); ` +
        `reason JSON characters ${fmt(actual.reasonChars)} (expected ${fmt(expected.reasonChars)}). ` +
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

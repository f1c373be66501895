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
import { COPY_FROM_ROWS_DEFAULT, snowflakeConnectorConfigSchema } from '../../connectors/snowflake/config.ts';
import { createSnowflakePublisher } from '../../connectors/snowflake/index.ts';
import type { SnowflakeLoadReport } from '../../connectors/snowflake/publish/snowflake-publisher.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import type { Score } from '../../core/schema/index.ts';
import { type PublishResult, scoreRow } from '../../core/warehouse/scores-table.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../emulators/snowflake/index.ts';

const SCORES = Number(process.env.BENCH_SCORES ?? 1_000_000);
const NAIVE_SAMPLE = Math.min(Number(process.env.BENCH_NAIVE_SAMPLE ?? 2000), SCORES);
const PAGE = 10_000;
const CROSSOVER_SIZES = (process.env.BENCH_CROSSOVER ?? '1000,10000,30000,50000,65000,66000,100000')
  .split(',')
  .map(Number);

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

interface PathRun {
  readonly seconds: number;
  readonly result: PublishResult;
  readonly load: SnowflakeLoadReport | null;
  readonly stats: ReturnType<SnowflakeEmulator['stats']['snapshot']>;
  readonly stage: {
    stagesCreated: number;
    puts: number;
    stageFiles: number;
    stageBytes: number;
    stageBoundStatements: number;
    stageBoundRows: number;
    bindValues: number;
  };
  readonly correct: boolean;
  readonly actual: ReturnType<typeof expectedChecksum>;
}

/** One publish of `count` scores into a fresh schema, timed from table creation to logout, then checked. */
async function publishOnce(
  emulator: SnowflakeEmulator,
  raw: Record<string, unknown>,
  env: Record<string, string>,
  schema: string,
  count: number,
  copyFromRows: number,
): Promise<PathRun> {
  const config = runInConfigContext({ env, baseDir: process.cwd() }, () =>
    snowflakeConnectorConfigSchema.parse({ ...raw, schema, scores: { copyFromRows } }),
  );
  const setup = await SnowflakeClient.connect({ ...config });
  await setup.execute(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await setup.close();
  emulator.stats.reset();
  const publisher = createSnowflakePublisher('bench', config);
  const started = performance.now();
  await publisher.ensureScoreTables();
  const result = await publisher.publishScores(pages(count));
  await publisher.close();
  const seconds = (performance.now() - started) / 1000;
  const stats = emulator.stats.snapshot();
  const { stagesCreated, puts, stageFiles, stageBytes, stageBoundStatements, stageBoundRows, bindValues } =
    emulator.stats;
  const check = await SnowflakeClient.connect({ ...config });
  const [found] = await check.execute(CHECKSUM_SQL);
  await check.close();
  const expected = expectedChecksum(count);
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
  return {
    seconds,
    result,
    load: publisher.lastLoad,
    stats,
    stage: { stagesCreated, puts, stageFiles, stageBytes, stageBoundStatements, stageBoundRows, bindValues },
    correct,
    actual,
  };
}

const ALWAYS_BINDS = Number.MAX_SAFE_INTEGER;
/** A round trip to a Snowflake account from a client in the same cloud region, roughly. */
const ROUND_TRIP_SECONDS = 0.1;

interface Crossover {
  readonly size: number;
  readonly binds: number;
  readonly files: number;
  readonly requests: { readonly binds: number; readonly files: number };
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

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
  try {
    // Where one array-bind request stops being cheaper than files + PUT + COPY: both paths at small
    // sizes after a warm-up, median of three, plus each request's round trip to a real account.
    await publishOnce(emulator, raw, env, 'WARM_B', 5_000, ALWAYS_BINDS);
    await publishOnce(emulator, raw, env, 'WARM_F', 5_000, 1);
    const crossover: Crossover[] = [];
    for (const size of CROSSOVER_SIZES) {
      const times = { binds: [] as number[], files: [] as number[] };
      const requests = { binds: 0, files: 0 };
      for (let round = 0; round < 3; round++) {
        for (const path of ['binds', 'files'] as const) {
          const schema = `CROSS_${path.toUpperCase()}_${size}_${round}`;
          const once = await publishOnce(
            emulator,
            raw,
            env,
            schema,
            size,
            path === 'binds' ? ALWAYS_BINDS : 1,
          );
          if (!once.correct) throw new Error(`crossover run of ${size} scores (${path}) failed its checksum`);
          times[path].push(once.seconds);
          requests[path] = once.stats.total;
        }
      }
      crossover.push({ size, binds: median(times.binds), files: median(times.files), requests });
    }
    const withLatency = (c: Crossover, path: 'binds' | 'files') =>
      c[path] + c.requests[path] * ROUND_TRIP_SECONDS;
    const firstFaster = crossover.find((c) => withLatency(c, 'files') < withLatency(c, 'binds'));
    const bound = await publishOnce(emulator, raw, env, 'BY_BINDS', SCORES, ALWAYS_BINDS);
    const loaded = await publishOnce(emulator, raw, env, 'PUBLIC', SCORES, 1);
    const expected = expectedChecksum(SCORES);

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
    const files = loaded.load;
    const row = (name: string, path: PathRun) =>
      `| ${name} | ${fmt(path.stats.total)} | ${fmt(path.stats.query)} | ${mb(path.stage.stageBytes)} | ${path.seconds.toFixed(1)} | ${fmt(SCORES / path.seconds)} | ${path.correct ? 'passed' : 'FAILED'} |`;
    const checksum = (path: PathRun) =>
      `${fmt(path.actual.n)} rows, ${fmt(path.actual.ids)} entities, Σ(entity number × score) ${fmt(path.actual.checksum)}, Σ probability ${path.actual.probabilities.toFixed(3)}, reason JSON characters ${fmt(path.actual.reasonChars)}`;
    const ms = (seconds: number) => fmt(seconds * 1000);
    const crossoverRows = crossover.map(
      (c) =>
        `| ${fmt(c.size)} | ${ms(c.binds)} (${c.requests.binds}) | ${ms(c.files)} (${c.requests.files}) | ${ms(withLatency(c, 'binds'))} | ${ms(withLatency(c, 'files'))} | ${withLatency(c, 'files') < withLatency(c, 'binds') ? 'files' : 'binds'} |`,
    );
    return [
      '## Snowflake score publish (emulator, snowflake-sdk 3.3)',
      '',
      `Publish of ${fmt(SCORES)} scores to the Snowflake emulator (DuckDB behind Snowflake's HTTP protocol, same process, loopback), timed from the table check to logout, ` +
        'then checked in the warehouse (count and checksums). Both paths end with one MERGE into the current table and one INSERT … SELECT into history. ' +
        `**Files + COPY** (the default from \`scores.copyFromRows\` = ${fmt(COPY_FROM_ROWS_DEFAULT)} scores): the publisher writes the scores as gzip CSV files under the OS temp dir ` +
        '(streamed, one 256 KB chunk in memory), uploads them with one `PUT file://… @stage AUTO_COMPRESS = FALSE SOURCE_COMPRESSION = GZIP` and loads them with one `COPY INTO` the staging table. ' +
        '**Array binds** (below the threshold): one JSON document per score, 100,000 per INSERT; the emulator sends the login parameters a real server sends, so every batch above ' +
        "CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280) goes through snowflake-sdk's own stage upload (the driver builds and encrypts an uncompressed CSV in memory, one PUT per batch). " +
        `Naive reference: per-row UPDATE (+ INSERT when missing) and a history INSERT, measured on ${fmt(NAIVE_SAMPLE)} scores and extrapolated linearly to ${fmt(SCORES)}.`,
      '',
      '| path | HTTP requests | query requests | MB uploaded | seconds | rows/s | checksum |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      row('gzip CSV files + 1 PUT + 1 COPY INTO + 1 MERGE', loaded),
      row("array binds through the driver's stage + 1 MERGE", bound),
      `| per-row DML (extrapolated from ${fmt(NAIVE_SAMPLE)}) | ${fmt(naiveRequests + 4)} | ${fmt(naiveRequests)} | 0 | ${fmt((naiveSeconds * SCORES) / NAIVE_SAMPLE)} | ${fmt(NAIVE_SAMPLE / naiveSeconds)} | |`,
      '',
      `Files path: ${files?.files ?? 0} gzip file(s), ${mb(files?.textBytes ?? 0)} MB of CSV compressed to ${mb(files?.compressedBytes ?? 0)} MB ` +
        `(${mb(loaded.stage.stageBytes)} MB encrypted on the wire), ${loaded.stage.puts} PUT, ${fmt(loaded.stage.bindValues)} bind values inline; ` +
        `query requests: the schema check, table/view creation, staging table, CREATE STAGE, PUT, COPY, MERGE, history. ${(bound.seconds / loaded.seconds).toFixed(1)}× faster than the array-bind path. MERGE changed ${fmt(loaded.result.merged)} rows.`,
      '',
      `Array-bind path: ${bound.stage.stagesCreated} temporary stage, ${bound.stage.puts} PUTs, ${bound.stage.stageFiles} files uploaded (${mb(bound.stage.stageBytes)} MB encrypted, uncompressed CSV), ` +
        `${bound.stage.stageBoundStatements} INSERTs bound ${fmt(bound.stage.stageBoundRows)} rows from the stage (${stagingInserts} staging inserts); ` +
        `${fmt(bound.stage.bindValues)} bind values travelled inline (the schema check, and a last batch below the threshold if any). MERGE changed ${fmt(bound.result.merged)} rows.`,
      '',
      'Threshold: per size and path, the median of three publishes into fresh schemas after a warm-up, milliseconds from the table check to logout (HTTP requests in brackets; every run checked by checksum). ' +
        `On loopback a request costs almost nothing, so the last two columns add ${ROUND_TRIP_SECONDS * 1000} ms per HTTP request, a round trip to an account in the same cloud region: ` +
        'the files path makes three more (CREATE STAGE, PUT, the storage upload, COPY, against one INSERT). ' +
        `With that, files + COPY win from ${firstFaster ? fmt(firstFaster.size) : 'none of these sizes'} scores; \`scores.copyFromRows\` (default ${fmt(COPY_FROM_ROWS_DEFAULT)}) is set from this table.`,
      '',
      '| scores | array binds, loopback ms (requests) | files + COPY, loopback ms (requests) | array binds + 100 ms/request | files + 100 ms/request | faster |',
      '| ---: | ---: | ---: | ---: | ---: | --- |',
      ...crossoverRows,
      '',
      `Correctness: files path ${loaded.correct ? 'passed' : 'FAILED'} (${checksum(loaded)}); array-bind path ${bound.correct ? 'passed' : 'FAILED'} (${checksum(bound)}); ` +
        `expected ${fmt(expected.n)} rows, checksum ${fmt(expected.checksum)}, Σ probability ${expected.probabilities.toFixed(3)}, reason JSON characters ${fmt(expected.reasonChars)}. ` +
        `Per-row DML made ${naivePerRow.toFixed(2)} query requests per score: ${fmt(naiveRequests / loaded.stats.query)}× more requests than the files path.`,
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

import { createBigQueryClient } from '../../connectors/bigquery/client.ts';
import { bigqueryConnectorConfigSchema } from '../../connectors/bigquery/config.ts';
import { BigQueryScorePublisher } from '../../connectors/bigquery/publisher.ts';
import type { Score } from '../../core/schema/index.ts';
import { startBigQueryEmulator } from '../../emulators/bigquery/index.ts';

const PROJECT = 'scorebridge-bench';
const PAGE = 10_000;
const NAIVE_ROWS = 2000;

function score(index: number): Score {
  const value = (index * 37) % 100;
  return {
    entityType: 'contact',
    entityId: `c_${String(index).padStart(8, '0')}`,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v3',
    probability: value / 100,
    value,
    tier: value >= 70 ? 'high' : value >= 40 ? 'medium' : 'low',
    reasons: [
      {
        feature: 'logins_30d',
        direction: 'down',
        points: -(index % 13),
        text: `${index % 13} fewer logins than usual`,
      },
      {
        feature: 'tickets_90d',
        direction: 'up',
        points: index % 7,
        text: `${index % 7} open support tickets`,
      },
    ],
    amount: null,
    action: null,
    computedAt: new Date(Date.UTC(2026, 0, 1) + (index % 86_400) * 1000).toISOString(),
  };
}

async function* scorePages(total: number): AsyncGenerator<readonly Score[]> {
  for (let start = 0; start < total; start += PAGE) {
    yield Array.from({ length: Math.min(PAGE, total - start) }, (_, offset) => score(start + offset));
  }
}

/** Per-row DML, the naive reference: one parameterized MERGE request per score (its best case). */
async function naivePerRow(url: string, rows: number): Promise<{ requests: number; seconds: number }> {
  const { bigquery, requests } = createBigQueryClient({
    projectId: PROJECT,
    apiEndpoint: url,
    emulatorAuth: true,
  });
  const table = `\`${PROJECT}.naive.scorebridge_scores\``;
  const started = performance.now();
  for (let index = 0; index < rows; index++) {
    const s = score(index);
    await bigquery.query({
      query:
        `MERGE ${table} T USING (SELECT @entity_id AS entity_id, @score AS score, @tier AS tier, @scored_at AS scored_at) S ` +
        "ON T.entity_type = 'contact' AND T.entity_id = S.entity_id AND T.model = 'churn_risk' " +
        'WHEN MATCHED THEN UPDATE SET score = S.score, tier = S.tier, scored_at = S.scored_at ' +
        "WHEN NOT MATCHED THEN INSERT (entity_type, entity_id, model, kind, model_version, score, tier, scored_at) VALUES ('contact', S.entity_id, 'churn_risk', 'churn', 'v3', S.score, S.tier, S.scored_at)",
      params: { entity_id: s.entityId, score: s.value, tier: s.tier, scored_at: new Date(s.computedAt) },
    });
  }
  return { requests: requests(), seconds: (performance.now() - started) / 1000 };
}

export async function run(): Promise<string> {
  const total = Number(process.env.BENCH_SCORES ?? 1_000_000);
  const emulator = await startBigQueryEmulator({ projectId: PROJECT });
  try {
    const config = bigqueryConnectorConfigSchema.parse({
      type: 'bigquery',
      projectId: PROJECT,
      dataset: 'scores',
      apiEndpoint: emulator.url,
    });
    const publisher = new BigQueryScorePublisher('bench', config, { emulatorAuth: true });
    const ensure = await publisher.ensureScoreTables();
    const pollsBefore = emulator.stats.incompletePolls;
    const started = performance.now();
    const result = await publisher.publishScores(scorePages(total));
    const seconds = (performance.now() - started) / 1000;
    const uploads = emulator.stats.count('jobs.insert.upload');
    const polls = emulator.stats.incompletePolls - pollsBefore;

    await new BigQueryScorePublisher(
      'naive',
      { ...config, scores: { ...config.scores, dataset: 'naive' } },
      { emulatorAuth: true },
    ).ensureScoreTables();
    const sample = Math.min(NAIVE_ROWS, total);
    const naive = await naivePerRow(emulator.url, sample);
    const naiveRequests = total * (naive.requests / sample);
    const naiveSeconds = naive.seconds * (total / sample);
    const constant = result.requests - 2 * uploads;
    return [
      '## BigQuery score publish (emulator)',
      '',
      `Command: \`BENCH_SCORES=${total} node bench/warehouse/bigquery-publish.ts\` (tables created beforehand: ${ensure.created.length}).`,
      '',
      '| method | rows | HTTP requests | seconds | rows/s |',
      '|---|---:|---:|---:|---:|',
      `| load jobs (gzip NDJSON, ≤10 MB/request) + 1 MERGE + 1 INSERT…SELECT | ${result.rows} | ${result.requests} | ${seconds.toFixed(1)} | ${Math.round(result.rows / seconds)} |`,
      `| per-row MERGE, measured on ${sample} rows | ${sample} | ${naive.requests} | ${naive.seconds.toFixed(1)} | ${Math.round(sample / naive.seconds)} |`,
      `| per-row MERGE, extrapolated linearly to ${total} | ${total} | ${Math.round(naiveRequests)} | ${naiveSeconds.toFixed(0)} | ${Math.round(sample / naive.seconds)} |`,
      '',
      `Load requests: ${uploads} (${((uploads / total) * 100_000).toFixed(2)} per 100,000 rows), each followed by one jobs.get poll ` +
        `(the emulator, like BigQuery, answers an upload with a RUNNING job), plus a constant ${constant} ` +
        '(MERGE and history INSERT, each answered jobComplete: false first and fetched with one getQueryResults, and the staging drop; ' +
        `creating the dataset, tables and view beforehand took more, once). Answers during the publish that found a job still running: ${polls}. ` +
        `Request reduction vs per-row DML: ${(naiveRequests / result.requests).toFixed(0)}x. MERGE changed ${result.merged} rows; ` +
        `emulator received ${(emulator.stats.bytesReceived / 1e6).toFixed(1)} MB in ${emulator.stats.requests} requests.`,
      '',
    ].join('\n');
  } finally {
    await emulator.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}

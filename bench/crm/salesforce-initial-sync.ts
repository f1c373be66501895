/**
 * Initial sync of 2,000,000 activities (Tasks and Events) from a fresh org: REST queryAll pages
 * of 2,000 against Bulk API 2.0 query jobs (chunked by SystemModstamp, results paged by
 * maxRecords), each into its own SQLite file. Part of the `salesforce` bench section.
 */
import { join } from 'node:path';
import {
  OrgLimits,
  type SalesforceConnectorConfig,
  SalesforceSourceConnector,
} from '../../connectors/salesforce/index.ts';
import { systemClock } from '../../core/clock.ts';
import { type Logger, silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { EmulatorThread } from './salesforce-emulator-thread.ts';
import type { SalesforceWorkerReady } from './salesforce-emulator-worker.ts';

export interface InitialSyncRun {
  readonly path: string;
  readonly rows: number;
  readonly seconds: number;
  readonly restCalls: number;
  readonly bulkCalls: number;
  readonly otherCalls: number;
  readonly rowsPerSecond: number;
  readonly jobs: number;
  readonly resultPages: number;
}

export interface InitialSyncReport {
  readonly activities: number;
  readonly tasks: number;
  readonly events: number;
  readonly seedSeconds: number;
  readonly runs: readonly InitialSyncRun[];
}

const ACTIVITY_STREAMS = {
  accounts: { enabled: false },
  contacts: { enabled: false },
  leads: { enabled: false },
  opportunities: { enabled: false },
};

export async function measureInitialSync(options: {
  activities: number;
  latencyMs: number;
  dailyRequests: number;
  concurrency: number;
  dir: string;
  configFor: (ready: SalesforceWorkerReady, overrides: Record<string, unknown>) => SalesforceConnectorConfig;
  /** Receives the client's retry warnings. */
  logger: Logger;
}): Promise<InitialSyncReport> {
  const thread = new EmulatorThread({
    accounts: 250,
    contacts: 1000,
    activities: options.activities,
    latencyMs: options.latencyMs,
    dailyRequests: options.dailyRequests,
    concurrency: options.concurrency,
  });
  try {
    const ready = await thread.ready();
    const runs: InitialSyncRun[] = [];
    const paths = [
      { path: 'REST queryAll, pages of 2,000', bulkQuery: { threshold: 0 } },
      {
        path: 'Bulk API 2.0 query jobs (default sizes, polled every 250 ms)',
        bulkQuery: { pollIntervalMs: 250 },
      },
    ];
    for (const [index, variant] of paths.entries()) {
      await thread.reset();
      const config = options.configFor(ready, { streams: ACTIVITY_STREAMS, bulkQuery: variant.bulkQuery });
      const source = new SalesforceSourceConnector('salesforce', config, {
        clock: systemClock,
        logger: options.logger,
        limits: new OrgLimits(config.limits),
      });
      const store = await openSqliteStore({
        path: join(options.dir, `initial-${index}.sqlite`),
        clock: systemClock,
      });
      try {
        const started = performance.now();
        const results = await runSync({
          store,
          connectors: [source],
          clock: systemClock,
          logger: silentLogger(),
        });
        const seconds = (performance.now() - started) / 1000;
        const failed = results.filter((result) => result.status !== 'succeeded');
        if (failed.length > 0)
          throw new Error(`initial sync (${variant.path}) failed: ${failed.map((r) => r.error).join('; ')}`);
        const stats = await thread.stats();
        const byEndpoint = stats.byEndpoint;
        // Split by what the client asked for: COUNT() and the first-stamp look-up travel as REST queries too.
        const byOperation = source.client().usage().byOperation;
        const restCalls =
          (byOperation.query ?? 0) + (byOperation.queryAll ?? 0) + (byOperation.queryMore ?? 0);
        const bulkCalls = Object.entries(byOperation)
          .filter(([name]) => name.startsWith('bulk query'))
          .reduce((total, [, count]) => total + count, 0);
        const rows = results.reduce((total, result) => total + result.inserted, 0);
        runs.push({
          path: variant.path,
          rows,
          seconds,
          restCalls,
          bulkCalls,
          otherCalls: stats.apiCalls - restCalls - bulkCalls,
          rowsPerSecond: rows / seconds,
          jobs: byEndpoint['bulkQuery.create'] ?? 0,
          resultPages: byEndpoint['bulkQuery.results'] ?? 0,
        });
      } finally {
        await store.close();
      }
    }
    return {
      activities: ready.seeded.tasks + ready.seeded.events,
      tasks: ready.seeded.tasks,
      events: ready.seeded.events,
      seedSeconds: ready.seedSeconds,
      runs,
    };
  } finally {
    await thread.close();
  }
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function initialSyncLines(
  report: InitialSyncReport,
  latencyMs: number,
  retries: ReadonlyMap<string, number>,
): string[] {
  const [rest, bulk] = report.runs;
  const lines = [
    `### Initial sync of ${fmt(report.activities)} rows: REST against Bulk API 2.0`,
    '',
    `A fresh org with ${fmt(report.activities)} activities (${fmt(report.tasks)} Tasks, ${fmt(report.events)} Events; ` +
      `seeded in ${fmt(report.seedSeconds, 1)} s, not timed), ${latencyMs} ms latency per request, both streams synced into an empty SQLite file. ` +
      'Bulk: a SELECT COUNT() per stream decides (threshold 50,000 rows), jobs of about 250,000 rows (SystemModstamp windows), results pages of 100,000 rows ' +
      '(maxRecords, Sforce-Locator), then one REST query per stream for rows changed while the jobs ran.',
    '',
    '| Path | API calls | of which REST query pages | of which Bulk query (create / poll / results) | other (describe, COUNT, first stamp) | Wall time (s) | Rows/s |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...report.runs.map(
      (run) =>
        `| ${run.path} | ${fmt(run.restCalls + run.bulkCalls + run.otherCalls)} | ${fmt(run.restCalls)} | ${fmt(run.bulkCalls)}` +
        `${run.jobs > 0 ? ` (${fmt(run.jobs)} jobs, ${fmt(run.resultPages)} result pages)` : ''} | ${fmt(run.otherCalls)} | ${fmt(run.seconds, 1)} | ${fmt(run.rowsPerSecond)} |`,
    ),
  ];
  if (rest && bulk) {
    const restTotal = rest.restCalls + rest.bulkCalls + rest.otherCalls;
    const bulkTotal = bulk.restCalls + bulk.bulkCalls + bulk.otherCalls;
    lines.push(
      '',
      `Bulk used ${fmt(restTotal / Math.max(1, bulkTotal), 1)}x fewer API calls (${fmt(bulkTotal)} against ${fmt(restTotal)}) ` +
        `and took ${fmt(bulk.seconds / rest.seconds, 2)}x the REST wall time. Both stored ${fmt(bulk.rows)} / ${fmt(rest.rows)} rows. ` +
        'The emulator completes a job on its second poll; a real org takes longer per job (its jobs run in parallel, all created up front).',
    );
  }
  if (retries.size > 0)
    lines.push(
      '',
      'Retries by the client:',
      ...[...retries].map(([reason, count]) => `- ${count} x ${reason}`),
    );
  return lines;
}

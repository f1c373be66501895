// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
/**
 * Salesforce sync and write-back benchmark. Full size (the default): 100,000 contacts and
 * 1,000,000 activities (Tasks and Events) synced from the emulator with 50 ms latency into a
 * SQLite file, then 100,000 changed scores written back (Bulk API 2.0), the same scores again
 * (nothing to send) and changed scores through sObject Collections for comparison.
 * BENCH_SCALE=quick (10%) or a fraction like BENCH_SCALE=0.02 runs a smaller version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  OrgLimits,
  type SalesforceConnectorConfig,
  SalesforceDestinationConnector,
  SalesforceSourceConnector,
  salesforceConnectorConfigSchema,
} from '../../connectors/salesforce/index.ts';
import { systemClock } from '../../core/clock.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import type { FieldWriteIntent } from '../../core/connectors/destination.ts';
import { createLogger, silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { EmulatorThread } from './salesforce-emulator-thread.ts';
import type { SalesforceWorkerReady, SalesforceWorkerStats } from './salesforce-emulator-worker.ts';
import { type InitialSyncReport, initialSyncLines, measureInitialSync } from './salesforce-initial-sync.ts';

const LATENCY_MS = 50;
const PAGE = 2000;
const COLLECTION = 200;
/** Enterprise Edition: 100,000 daily requests plus 1,000 per Salesforce licence (here 50 licences). */
const DAILY_REQUESTS = 150_000;
const ORG_CONCURRENCY = 25;
const CLIENT_CONCURRENCY = 10;

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pages = (rows: number) => Math.max(1, Math.ceil(rows / PAGE));

function parseScale(text: string | undefined): number {
  if (!text || text === 'full') return 1;
  if (text === 'quick') return 0.1;
  const value = Number(text);
  if (!(value > 0 && value <= 1))
    throw new Error(`BENCH_SCALE must be "full", "quick" or a fraction in (0, 1]; got "${text}"`);
  return value;
}

function connectorConfig(
  ready: SalesforceWorkerReady,
  writeBack: Record<string, unknown> = {},
  overrides: Record<string, unknown> = {},
): SalesforceConnectorConfig {
  const env = {
    SF_CLIENT_SECRET: ready.credentials.clientSecret,
    SF_REFRESH_TOKEN: ready.credentials.refreshToken,
  };
  return runInConfigContext({ env, baseDir: process.cwd() }, () =>
    salesforceConnectorConfigSchema.parse({
      type: 'salesforce',
      instanceUrl: ready.url,
      loginUrl: ready.url,
      auth: {
        clientId: ready.credentials.clientId,
        clientSecret: '${SF_CLIENT_SECRET}',
        refreshToken: '${SF_REFRESH_TOKEN}',
      },
      limits: { concurrency: CLIENT_CONCURRENCY, dailyApiRequests: DAILY_REQUESTS, reserveFraction: 0.1 },
      writeBack: { bulkPollIntervalMs: 250, permissionSet: 'Scorebridge_Integration', ...writeBack },
      // The sync phase measures REST paging; the initial-sync comparison below measures Bulk.
      bulkQuery: { threshold: 0 },
      ...overrides,
    }),
  );
}

interface Phase {
  readonly name: string;
  readonly calls: number;
  readonly minimum: number;
  readonly seconds: number;
  readonly bound: number;
  readonly detail: string;
}

function scoreIntents(contactIds: readonly string[], shift: number): FieldWriteIntent[] {
  return contactIds.map((id, index) => {
    const score = (index * 37 + shift) % 101;
    return {
      idempotencyKey: `lead_score:${id}:${shift}`,
      objectType: 'Contact',
      recordId: id,
      fields: { Lead_Score__c: score },
    };
  });
}

/** Collects the client's retry warnings, so the report can say what was retried and why. */
function retryRecorder() {
  const reasons = new Map<string, number>();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { operation?: string; error?: string };
        const key = `${entry.operation ?? '?'}: ${(entry.error ?? '').replace(/^Salesforce [^:]+: /, '').slice(0, 160)}`;
        reasons.set(key, (reasons.get(key) ?? 0) + 1);
      }
      callback();
    },
  });
  return { logger: createLogger({ level: 'warn', destination: sink }), reasons };
}

export async function run(): Promise<string> {
  const retryLog = retryRecorder();
  const initialRetries = retryRecorder();
  const scale = parseScale(process.env.BENCH_SCALE);
  const contacts = Math.round(100_000 * scale);
  const activities = Math.round(1_000_000 * scale);
  const accounts = Math.round(contacts / 4);
  const thread = new EmulatorThread({
    accounts,
    contacts,
    activities,
    latencyMs: LATENCY_MS,
    dailyRequests: DAILY_REQUESTS,
    concurrency: ORG_CONCURRENCY,
  });
  const dir = mkdtempSync(join(tmpdir(), 'scorebridge-bench-salesforce-'));
  const phases: Phase[] = [];
  let threadOpen = true;
  try {
    const ready = await thread.ready();
    const config = connectorConfig(ready);
    const limits = new OrgLimits(config.limits);
    const deps = { clock: systemClock, logger: retryLog.logger, limits };
    const store = await openSqliteStore({ path: join(dir, 'store.sqlite'), clock: systemClock });
    const source = new SalesforceSourceConnector('salesforce', config, deps);

    // Time inside the store's transactions, to tell SQLite work from waiting on the API.
    let storeSeconds = 0;
    const timedApply: typeof store.applyBatch = async (batch) => {
      const begun = performance.now();
      try {
        return await store.applyBatch(batch);
      } finally {
        storeSeconds += (performance.now() - begun) / 1000;
      }
    };
    const timedStore = new Proxy(store, {
      get: (target, property) => {
        if (property === 'applyBatch') return timedApply;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const loadAtStart = loadavg()[0]!;
    let started = performance.now();
    const results = await runSync({
      store: timedStore,
      connectors: [source],
      clock: systemClock,
      logger: silentLogger(),
    });
    const syncSeconds = (performance.now() - started) / 1000;
    const failed = results.filter((result) => result.status !== 'succeeded');
    if (failed.length > 0)
      throw new Error(
        `sync failed: ${failed.map((result) => `${result.stream}: ${result.error}`).join('; ')}`,
      );
    const syncStats = await thread.stats();
    const rows = {
      accounts: ready.seeded.accounts,
      contacts: ready.seeded.contacts,
      leads: 0,
      opportunities: 0,
      tasks: ready.seeded.tasks,
      events: ready.seeded.events,
    };
    const syncPages = Object.values(rows).reduce((sum, count) => sum + pages(count), 0);
    phases.push({
      name: 'Sync: 6 streams, queryAll pages of 2,000 (+1 describe per stream)',
      calls: syncStats.apiCalls,
      minimum: syncPages,
      seconds: syncSeconds,
      bound: (syncPages * LATENCY_MS) / 1000,
      detail:
        `${fmt(results.reduce((sum, r) => sum + r.inserted, 0))} records stored ` +
        `(${fmt(results.reduce((sum, r) => sum + r.inserted, 0) / syncSeconds)}/s; ${fmt(storeSeconds, 1)} s of it in SQLite transactions; load average ${fmt(loadAtStart, 1)} at start)`,
    });

    const contactIds = (
      store.database
        .prepare("SELECT source_key FROM source_records WHERE source_key LIKE 'ref:salesforce/Contact/%'")
        .all() as { source_key: string }[]
    ).map((row) => row.source_key.split('/').pop()!);
    // The default threshold (2,000) at full size; lowered for small runs so the Bulk API path is still measured.
    const bulkThreshold = Math.min(2000, Math.max(1, contactIds.length - 1));
    const destination = new SalesforceDestinationConnector(
      'salesforce',
      connectorConfig(ready, { bulkThreshold }),
      deps,
    );
    await destination.ensureScoreFields('Contact', [
      { name: 'lead_score', label: 'Lead Score', type: 'number', description: 'scorebridge lead score' },
    ]);
    const readPages = pages(contacts) + 2;

    const writePhase = async (
      name: string,
      target: SalesforceDestinationConnector,
      intents: FieldWriteIntent[],
      minimumWrites: number,
      boundWrites: number,
    ) => {
      await thread.reset();
      started = performance.now();
      const written = await target.writeFields(intents);
      const seconds = (performance.now() - started) / 1000;
      const stats = await thread.stats();
      const accepted = written.filter((result) => result.status === 'ok').length;
      const summary = target.lastWrite;
      phases.push({
        name,
        calls: stats.apiCalls,
        minimum: readPages + minimumWrites,
        seconds,
        bound: ((readPages + boundWrites) * LATENCY_MS) / 1000,
        detail: `${fmt(accepted)} / ${fmt(intents.length)} ok (${fmt(summary.viaBulk)} bulk, ${fmt(summary.viaCollections)} collections, ${fmt(summary.unchanged)} unchanged)`,
      });
    };
    const bulkJobCalls = 6;
    await writePhase(
      'Write-back, changed scores: Bulk API 2.0 job',
      destination,
      scoreIntents(contactIds, 1),
      bulkJobCalls,
      bulkJobCalls,
    );
    await writePhase(
      'Write-back, same scores again: nothing to send',
      destination,
      scoreIntents(contactIds, 1),
      0,
      0,
    );
    const viaCollections = new SalesforceDestinationConnector(
      'salesforce',
      connectorConfig(ready, { bulkThreshold: Number.MAX_SAFE_INTEGER }),
      deps,
    );
    const collectionCalls = Math.ceil(contactIds.length / COLLECTION);
    await writePhase(
      'Write-back, changed scores: collections of 200',
      viaCollections,
      scoreIntents(contactIds, 2),
      collectionCalls,
      Math.ceil(collectionCalls / CLIENT_CONCURRENCY),
    );

    const usage = [source.client().usage(), destination.client.usage(), viaCollections.client.usage()];
    const last = await thread.stats();
    await store.close();
    // Free the first org's memory before the 2,000,000-row one starts.
    await thread.close();
    threadOpen = false;
    const initial = await measureInitialSync({
      activities: Math.round(2_000_000 * scale),
      latencyMs: LATENCY_MS,
      dailyRequests: DAILY_REQUESTS,
      concurrency: ORG_CONCURRENCY,
      dir,
      configFor: (ready, overrides) => connectorConfig(ready, {}, overrides),
      logger: initialRetries.logger,
    });
    const rejectedTwice = usage.reduce((sum, u) => sum + u.rejectedTwice, 0);
    const rejectedOnce = usage.reduce((sum, u) => sum + u.rejectedOnce, 0);
    return report({
      initial,
      initialRetries: initialRetries.reasons,
      scale,
      ready,
      phases,
      rejectedOnce,
      rejectedTwice,
      orgRejections: last,
      usedToday: last.apiUsed,
      retries: retryLog.reasons,
    });
  } finally {
    if (threadOpen) await thread.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r: {
  initial: InitialSyncReport;
  initialRetries: ReadonlyMap<string, number>;
  scale: number;
  ready: SalesforceWorkerReady;
  phases: Phase[];
  rejectedOnce: number;
  rejectedTwice: number;
  orgRejections: SalesforceWorkerStats;
  usedToday: number;
  retries: ReadonlyMap<string, number>;
}): string {
  const size =
    r.scale === 1 ? 'full size' : `BENCH_SCALE=${r.scale} (${fmt(r.scale * 100, 1)}% of the full size)`;
  const { seeded } = r.ready;
  const lines = [
    '## Salesforce sync and write-back (bench/crm/salesforce-sync.ts)',
    '',
    `Measured at **${size}**: ${fmt(seeded.contacts)} contacts, ${fmt(seeded.accounts)} accounts and ${fmt(seeded.tasks + seeded.events)} activities ` +
      `(${fmt(seeded.tasks)} Tasks, ${fmt(seeded.events)} Events) synced through jsforce from the emulator (${LATENCY_MS} ms latency per request, ` +
      `org concurrency ${ORG_CONCURRENCY}, DailyApiRequests ${fmt(DAILY_REQUESTS)} (Enterprise-like), emulator in its own thread, ${cpus().length} cores) ` +
      `into a SQLite file, then ${fmt(seeded.contacts)} scores written back. Client: p-queue concurrency ${CLIENT_CONCURRENCY}, 10% quota reserve. ` +
      `Seeding took ${fmt(r.ready.seedSeconds, 1)} s (not timed).`,
    '',
    '| Phase | API calls | Minimum | Wall time (s) | Latency bound (s) | Result |',
    '|---|---:|---:|---:|---:|---|',
    ...r.phases.map(
      (p) =>
        `| ${p.name} | ${fmt(p.calls)} | ${fmt(p.minimum)} | ${fmt(p.seconds, 1)} | ${fmt(p.bound, 1)} | ${p.detail} |`,
    ),
    '',
    `Minimum = pages of 2,000 for reads (sync; and the current values a write-back compares against: a paged scan plus describe and COUNT), ` +
      `plus ${COLLECTION}-record collections or one bulk job (create, upload, close, one poll, successful and failed results). ` +
      `Latency bound = the calls that must run one after another x ${LATENCY_MS} ms (query pages follow nextRecordsUrl; collections run ${CLIENT_CONCURRENCY} at a time).`,
    '',
    `Requests rejected: ${fmt(r.rejectedOnce)} calls once, **${fmt(r.rejectedTwice)} twice**; the org turned away ${fmt(r.orgRejections.rejectedConcurrency)} ` +
      `for concurrency and ${fmt(r.orgRejections.rejectedQuota)} for the daily limit. API requests used in the rolling 24 h: ${fmt(r.usedToday)} of ${fmt(DAILY_REQUESTS)}.`,
    ...(r.retries.size > 0
      ? ['', 'Retries by the client:', ...[...r.retries].map(([reason, count]) => `- ${count} x ${reason}`)]
      : []),
    '',
    ...initialSyncLines(r.initial, LATENCY_MS, r.initialRetries),
  ];
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}

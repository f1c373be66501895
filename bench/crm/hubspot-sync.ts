/**
 * HubSpot connector benchmark: a full sync of contacts and engagements from the emulator (50 ms
 * latency, Professional plan: 190 requests per 10 s) into a SQLite store, then a write-back of
 * changed scores for every contact. Reports API calls against the minimum the data needs, wall
 * time against the rate-limit bound, and requests rejected twice.
 *
 * `npm run bench` measures the full size (100,000 contacts, 1,000,000 engagements, 100,000 score
 * writes: ~11 minutes, bound by the rate limit). BENCH_SCALE=0.02 runs a quick 2% version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  HubspotDestinationConnector,
  HubspotSourceConnector,
  hubspotConnectorConfigSchema,
  scoreFieldSpecs,
} from '../../connectors/hubspot/index.ts';
import { systemClock } from '../../core/clock.ts';
import { runInConfigContext } from '../../core/config/context.ts';
import type { FieldWriteIntent } from '../../core/connectors/destination.ts';
import { silentLogger } from '../../core/logger.ts';
import { openSqliteStore } from '../../core/store/sqlite/index.ts';
import { runSync } from '../../core/sync/run-sync.ts';
import { DEFAULT_EMULATOR_TOKEN } from '../../emulators/hubspot/index.ts';
import type {
  EmulatorWorkerInput,
  EmulatorWorkerReady,
  EmulatorWorkerStats,
} from './hubspot-emulator-worker.ts';

const FULL = { contacts: 100_000, engagements: 1_000_000 };
const PER_TEN_SECONDS = 190;
const LATENCY_MS = 50;
/** Demo activities per contact that become engagements is ~16; keep ~10 per contact. */
const ENGAGEMENT_RATIO = 0.68;

const fmt = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pages = (records: number, size: number) => Math.max(1, Math.ceil(records / size));

function ask<T>(worker: Worker, message: string, type: string): Promise<T> {
  return new Promise((resolve) => {
    const listener = (reply: { type: string }) => {
      if (reply.type !== type) return;
      worker.off('message', listener);
      resolve(reply as T);
    };
    worker.on('message', listener);
    worker.postMessage(message);
  });
}

export async function run(): Promise<string> {
  const scale = Number(process.env.BENCH_SCALE ?? process.env.SCOREBRIDGE_BENCH_SCALE ?? '1');
  if (!(scale > 0 && scale <= 1))
    throw new Error(`BENCH_SCALE must be in (0, 1]; got ${process.env.BENCH_SCALE}`);
  const loadAtStart = loadavg()[0]!;
  const contacts = Math.round(FULL.contacts * scale);
  const input: EmulatorWorkerInput = {
    contacts,
    engagements: Math.round(FULL.engagements * scale),
    engagementRatio: ENGAGEMENT_RATIO,
    latencyMs: LATENCY_MS,
    perTenSeconds: PER_TEN_SECONDS,
    daily: 625_000,
  };
  const worker = new Worker(new URL('./hubspot-emulator-worker.ts', import.meta.url), { workerData: input });
  const ready = await new Promise<EmulatorWorkerReady>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const dir = mkdtempSync(join(tmpdir(), 'scorebridge-bench-hubspot-'));
  try {
    const config = runInConfigContext({ env: { HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN }, baseDir: dir }, () =>
      hubspotConnectorConfigSchema.parse({
        type: 'hubspot',
        accessToken: ['$', '{HUBSPOT_TOKEN}'].join(''),
        baseUrl: ready.url,
        plan: 'professional',
        streams: ['contacts', 'engagements'],
      }),
    );
    const store = await openSqliteStore({ path: join(dir, 'store.sqlite'), clock: systemClock });
    const source = new HubspotSourceConnector('hubspot', config);
    const started = performance.now();
    const synced = await runSync({ store, connectors: [source], clock: systemClock, logger: silentLogger() });
    const syncSeconds = (performance.now() - started) / 1000;
    const failed = synced.filter((result) => result.status === 'failed');
    if (failed.length > 0)
      throw new Error(`sync failed: ${failed.map((f) => `${f.stream}: ${f.error}`).join('; ')}`);
    const afterSync = await ask<EmulatorWorkerStats>(worker, 'stats', 'stats');

    const destination = new HubspotDestinationConnector('hubspot', config);
    const writeStarted = performance.now();
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('churn'));
    const intents: FieldWriteIntent[] = [];
    for await (const page of store.iterateContacts({ batchSize: 5000 })) {
      for (const contact of page) {
        const externalId = contact.sources.find((ref) => ref.system === 'hubspot')!.externalId;
        const value = Number.parseInt(externalId, 10) % 101;
        intents.push({
          idempotencyKey: `churn:${externalId}:v1`,
          objectType: 'contacts',
          recordId: externalId,
          fields: {
            scorebridge_churn_score: value,
            scorebridge_churn_tier: value > 66 ? 'high' : value > 33 ? 'medium' : 'low',
          },
        });
      }
    }
    const written = await destination.writeFields(intents);
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    const notOk = written.filter((result) => result.status !== 'ok').length;
    const final = await ask<EmulatorWorkerStats>(worker, 'stats', 'stats');
    destination.close();
    const counts = await store.counts();
    await store.close();
    return report({
      scale,
      ready,
      synced,
      syncSeconds,
      writeSeconds,
      afterSync,
      final,
      intents: intents.length,
      notOk,
      counts,
      source,
      destination,
      loadAtStart,
    });
  } finally {
    await ask(worker, 'close', 'closed');
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ReportInput {
  readonly scale: number;
  readonly ready: EmulatorWorkerReady;
  readonly synced: Awaited<ReturnType<typeof runSync>>;
  readonly syncSeconds: number;
  readonly writeSeconds: number;
  readonly afterSync: EmulatorWorkerStats;
  readonly final: EmulatorWorkerStats;
  readonly intents: number;
  readonly notOk: number;
  readonly counts: { contacts: number; events: number };
  readonly source: HubspotSourceConnector;
  readonly destination: HubspotDestinationConnector;
  readonly loadAtStart: number;
}

function report(r: ReportInput): string {
  const { seeded } = r.ready;
  const engagementTotal = Object.values(seeded.engagements).reduce((sum, n) => sum + n, 0);
  const syncMinimum =
    pages(seeded.contacts, 100) +
    Object.values(seeded.engagements).reduce((sum, n) => sum + pages(n, 100), 0);
  const writeMinimum = pages(r.intents, 100);
  const minimum = syncMinimum + writeMinimum;
  const syncCalls = r.afterSync.total;
  const writeCalls = r.final.total - r.afterSync.total;
  const calls = r.final.total;
  const wall = r.syncSeconds + r.writeSeconds;
  const bound = minimum / (PER_TEN_SECONDS / 10);
  const rejectedTwice = Math.max(
    r.final.rejectedTwice,
    r.source.api.metrics.rejectedTwice + r.destination.api.metrics.rejectedTwice,
  );
  const verdict = (ok: boolean) => (ok ? 'yes' : '**no**');
  const size =
    r.scale === 1 ? 'full size' : `BENCH_SCALE=${r.scale} (${fmt(r.scale * 100, 1)}% of the full size)`;
  return [
    '## HubSpot sync and write-back (bench/crm/hubspot-sync.ts)',
    '',
    `Measured at **${size}**: ${fmt(seeded.contacts)} contacts and ${fmt(engagementTotal)} engagements (${Object.entries(
      seeded.engagements,
    )
      .map(([type, n]) => `${fmt(n)} ${type}`)
      .join(
        ', ',
      )}) synced from the emulator (${LATENCY_MS} ms latency, ${PER_TEN_SECONDS} requests / 10 s, emulator in its own thread) ` +
      `into a SQLite file (${fmt(r.counts.contacts)} contacts, ${fmt(r.counts.events)} event records: opens and clicks are events of their own), ` +
      `then ${fmt(r.intents)} changed churn scores written back. Seeding took ${fmt(r.ready.seedSeconds, 0)} s (not timed).`,
    '',
    '| Phase | API calls | Minimum (pages / batches) | Wall time (s) | Rate-limit bound (s) |',
    '|---|---:|---:|---:|---:|',
    `| Sync (list pages of 100, one recycle-bin sweep per object type) | ${fmt(syncCalls)} | ${fmt(syncMinimum)} | ${fmt(r.syncSeconds, 1)} | ${fmt(syncMinimum / 19, 1)} |`,
    `| Write-back (batch update of 100, plus property checks) | ${fmt(writeCalls)} | ${fmt(writeMinimum)} | ${fmt(r.writeSeconds, 1)} | ${fmt(writeMinimum / 19, 1)} |`,
    `| **Total** | **${fmt(calls)}** | **${fmt(minimum)}** | **${fmt(wall, 1)}** | **${fmt(bound, 1)}** |`,
    '',
    '| Goal | Measured | Met |',
    '|---|---:|---|',
    `| API calls ≤ 1.05 × minimum | ${fmt(calls / minimum, 3)} × | ${verdict(calls <= 1.05 * minimum)} |`,
    `| Wall time ≤ 1.2 × rate-limit bound (minimum calls / 19 per s) | ${fmt(wall / bound, 3)} × | ${verdict(wall <= 1.2 * bound)} |`,
    `| Requests rejected twice = 0 | ${fmt(rejectedTwice)} (429s: ${fmt(r.final.rejected)}) | ${verdict(rejectedTwice === 0)} |`,
    `| Every score write accepted | ${fmt(r.intents - r.notOk)} / ${fmt(r.intents)} | ${verdict(r.notOk === 0)} |`,
    '',
    `Calls over the minimum: the recycle-bin sweeps (one \`archived=true\` page per object type, the only way HubSpot ` +
      `exposes deletions), the property-group and property checks before the first write-back, and ${fmt(r.final.rejected)} ` +
      `requests answered 429 and retried once (the client paces by its own clock, HubSpot counts arrivals). ` +
      `Load average when the run started: ${fmt(r.loadAtStart, 1)} on ${cpus().length} cores.`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await run());
}

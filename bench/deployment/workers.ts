/**
 * `npm run bench -- workers`: sync, scoring and outbox throughput with 1, 2 and 4 `scorebridge
 * worker` processes on one Postgres, beside the embedded SQLite store in one process. Every run
 * starts from empty: fresh emulators (HubSpot and Salesforce seeded with the demo business), a
 * fresh database, the same config. Times come from the store's own records (sync runs, score
 * history and model runs, outbox rows), so process start-up is left out on both sides.
 *
 * BENCH_WORKERS_CONTACTS (default 800) and BENCH_WORKERS_REPEATS (default 3) size it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../app/config/index.ts';
import { enqueuePeriod } from '../../app/jobs/enqueue-period.ts';
import { openJobQueue } from '../../app/jobs/queue.ts';
import { Fleet } from '../../test/helpers/fleet/processes.ts';
import { postgresReader, type StoreReader, sqliteReader } from '../../test/helpers/fleet/store-reader.ts';
import { type FleetWorld, startFleetWorld } from '../../test/helpers/fleet/world.ts';
import { type PostgresServer, startPostgresServer } from '../../test/helpers/postgres-server.ts';
import { type Measured, type Setup, workersReport } from './workers-report.ts';

const CONTACTS = Number(process.env.BENCH_WORKERS_CONTACTS ?? 800);
const REPEATS = Number(process.env.BENCH_WORKERS_REPEATS ?? 3);
/** Real APIs answer in tens of milliseconds; the emulators add this much to every call. */
const LATENCY_MS = 25;
const SETUPS: readonly Setup[] = [
  { label: 'SQLite, one process', workers: 0 },
  { label: 'Postgres, 1 worker', workers: 1 },
  { label: 'Postgres, 2 workers', workers: 2 },
  { label: 'Postgres, 4 workers', workers: 4 },
];
const JOBS_YAML = `jobs:
  leaseSeconds: 30
  retryDelaySeconds: 1
`;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function admin(server: PostgresServer, sql: string): Promise<void> {
  const client = new pg.Client(server.url);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Seconds between the earliest and the latest of two timestamp columns a query returns. */
async function span(read: StoreReader, sql: string): Promise<number> {
  const [row] = await read<{ first: string | null; last: string | null }>(sql);
  if (!row?.first || !row.last) throw new Error(`nothing measured by: ${sql} (got ${JSON.stringify(row)})`);
  return (Date.parse(row.last) - Date.parse(row.first)) / 1000;
}

async function count(read: StoreReader, sql: string): Promise<number> {
  const [row] = await read<{ n: string | number }>(sql);
  return Number(row?.n ?? 0);
}

/** Polls the queue until every job of `kind` finished; a failed one stops the bench. */
async function jobsDone(read: StoreReader, kind: string, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await read<{ state: string; n: string }>(
      `SELECT state::text AS state, COUNT(*) AS n FROM pgboss.job WHERE name = '${kind}' GROUP BY state`,
    );
    const states = Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
    if (states.failed) throw new Error(`a ${kind} job failed: ${JSON.stringify(states)}`);
    const open = (states.created ?? 0) + (states.retry ?? 0) + (states.active ?? 0);
    if (open === 0 && (states.completed ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error(`${kind} jobs not done in time: ${JSON.stringify(states)}`);
    await sleep(200);
  }
}

async function outboxDone(read: StoreReader, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await count(read, `SELECT COUNT(*) AS n FROM outbox WHERE state <> 'sent'`);
    const all = await count(read, 'SELECT COUNT(*) AS n FROM outbox');
    if (all > 0 && open === 0) return;
    if (Date.now() > deadline) {
      const states = await read<{ kind: string; state: string; n: string; error: string | null }>(
        `SELECT kind, state, COUNT(*) AS n, MAX(last_error) AS error FROM outbox GROUP BY kind, state`,
      );
      throw new Error(`outbox not delivered in time: ${open} of ${all} open: ${JSON.stringify(states)}`);
    }
    await sleep(200);
  }
}

/** What one run measured, read from the store. */
async function measured(read: StoreReader, world: FleetWorld, calls: Measured['calls']): Promise<Measured> {
  return {
    sync: {
      records: await count(
        read,
        `SELECT (SELECT COUNT(*) FROM source_records) + (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM deals) AS n`,
      ),
      seconds: await span(read, 'SELECT MIN(started_at) AS first, MAX(finished_at) AS last FROM sync_runs'),
    },
    score: {
      entities: await count(read, 'SELECT COUNT(*) AS n FROM scores'),
      seconds: await span(
        read,
        `SELECT (SELECT MIN(computed_at) FROM score_history) AS first, (SELECT MAX(run_at) FROM model_runs) AS last`,
      ),
    },
    outbox: {
      rows: await count(read, `SELECT COUNT(*) AS n FROM outbox WHERE state = 'sent'`),
      emails: world.smtp.delivered.length,
      seconds: await span(
        read,
        `SELECT MIN(created_at) AS first, MAX(COALESCE(sent_at, updated_at)) AS last FROM outbox WHERE state = 'sent'`,
      ),
    },
    calls,
  };
}

async function runOnce(server: PostgresServer, setup: Setup, repeat: number): Promise<Measured> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-bench-workers-'));
  const database = `bench_workers_${setup.workers}_${repeat}_${process.pid}`;
  const postgres = setup.workers > 0;
  if (postgres) await admin(server, `CREATE DATABASE ${database}`);
  const world = await startFleetWorld({
    dir,
    contacts: CONTACTS,
    emailGapHours: 0,
    latencyMs: LATENCY_MS,
    ...(postgres ? { databaseUrl: server.urlFor(database) } : {}),
  });
  const fleet = new Fleet({ env: world.env, logDir: path.join(dir, 'logs') });
  const store = postgres ? 'postgres' : 'sqlite';
  const ops = world.hostConfig('ops', { store, leadModel: true, extraYaml: JOBS_YAML });
  const read = postgres
    ? postgresReader(server.urlFor(database))
    : sqliteReader(path.join(dir, 'ops', 'scorebridge.db'));
  const step = async (args: string[]) => {
    const result = await fleet.run(args[0]!, [...args, '-c', ops], 600_000);
    if (result.code !== 0) throw new Error(`scorebridge ${args.join(' ')}: ${result.stderr.slice(-800)}`);
  };
  try {
    const calls = { hubspot: 0, salesforce: 0 };
    const syncCalls = () => {
      calls.hubspot = world.hubspot.stats.total;
      calls.salesforce = world.salesforce.stats.requests;
    };
    if (!postgres) {
      await step(['sync']);
      syncCalls();
      await step(['train', '--model', 'all', '--as-of', world.asOf]);
      await step(['score', '--model', 'all']);
      await step(['workflows', 'run']);
      return await measured(read, world, calls);
    }
    await step(['migrate']);
    const workers = Array.from({ length: setup.workers }, (_, i) => {
      const config = world.hostConfig(`worker-${i + 1}`, { store, leadModel: true, extraYaml: JOBS_YAML });
      return fleet.start(`worker-${i + 1}`, ['worker', '-c', config]);
    });
    await Promise.all(workers.map((worker) => worker.line((line) => line.startsWith('worker taking'))));
    const loaded = await loadConfig(ops, world.env);
    const queue = await openJobQueue(loaded.config.store, loaded.config.jobs, { supervise: false }, 'bench');
    try {
      await enqueuePeriod(queue, loaded, 'sync', `bench-${repeat}`);
      await jobsDone(read, 'sync');
      syncCalls();
      await step(['train', '--model', 'all', '--as-of', world.asOf]);
      await enqueuePeriod(queue, loaded, 'score', `bench-${repeat}`);
      await jobsDone(read, 'score');
      await enqueuePeriod(queue, loaded, 'workflows', `bench-${repeat}`);
      await outboxDone(read);
    } finally {
      await queue.stop({ graceful: false, timeoutMs: 5000 });
    }
    return await measured(read, world, calls);
  } finally {
    await fleet.stopAll();
    await world.close();
    if (postgres) await admin(server, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const server = await startPostgresServer();
  try {
    const runs = new Map<string, Measured[]>(SETUPS.map((setup) => [setup.label, []]));
    const failures: string[] = [];
    // Setups take turns within each repeat, so a slow moment of the machine does not hit one only.
    for (let repeat = 0; repeat < REPEATS; repeat += 1)
      for (const setup of SETUPS) {
        console.error(`workers bench: ${setup.label}, run ${repeat + 1} of ${REPEATS}`);
        try {
          runs.get(setup.label)!.push(await runOnce(server, setup, repeat));
        } catch (error) {
          // A failed run is reported with its reason and left out of the medians.
          failures.push(`${setup.label}, run ${repeat + 1}: ${(error as Error).message.slice(0, 300)}`);
        }
      }
    if (SETUPS.some((setup) => runs.get(setup.label)!.length === 0))
      throw new Error(`a setup has no successful run: ${failures.join('; ')}`);
    return workersReport({
      setups: SETUPS,
      runs,
      failures,
      contacts: CONTACTS,
      repeats: REPEATS,
      cores: availableParallelism(),
      latencyMs: LATENCY_MS,
    });
  } finally {
    server.stop();
  }
}

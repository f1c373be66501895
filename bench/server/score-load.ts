import { fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../app/config/index.ts';
import { runServer, runServerWorkers } from '../../app/server/run-server.ts';
import { ApiKeyStore } from '../../app/server/security/api-keys.ts';
import { openProductStore } from '../../app/store.ts';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { DEMO_AS_OF } from '../../test/helpers/scoring-pipeline/demo-store.ts';
import { scoreBenchStore, writeContactIds } from './score-store.ts';

const CONNECTIONS = Number(process.env.SB_BENCH_CONNECTIONS ?? 200);
const CACHED_CONNECTIONS = Number(process.env.SB_BENCH_CACHED_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.SB_BENCH_SECONDS ?? 10);
/** server.workers of the multi-process run: one per core by default (1 = no such run). */
const WORKERS = Number(process.env.SB_BENCH_WORKERS ?? cpus().length);
/** The server's default answer cache holds 10,000 answers; the cached case asks fewer ids than that. */
const CACHED_IDS = 5_000;
/** The fixed request rate of the latency run (issue 13: p99 <= 100 ms at >= 1,000 req/s). */
const RATE = Number(process.env.SB_BENCH_RATE ?? 1000);
const DAY_MS = 86_400_000;

interface LoadResult {
  readonly latency: { p50: number; p97_5: number; p99: number; average: number; max: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly total: number;
  readonly seconds: number;
}

interface Drive {
  readonly idsFile: string;
  readonly asOf: string;
  readonly connections: number;
  readonly seconds: number;
  readonly maxRequests?: number;
  readonly startAt?: number;
  readonly overallRate?: number;
}

function drive(url: string, key: string, spec: Drive): Promise<LoadResult> {
  return new Promise((done, fail) => {
    const child = fork(
      new URL('./load-client.ts', import.meta.url),
      [JSON.stringify({ url, key, ...spec })],
      {
        stdio: 'inherit',
      },
    );
    child.once('message', (message) => done(message as LoadResult));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) fail(new Error(`load generator exited with ${code}`));
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rate = (r: LoadResult) => r.total / Math.max(r.seconds, 0.001);

export async function run(): Promise<string> {
  const bench = await scoreBenchStore(process.env);
  const asOf = process.env.SB_BENCH_AS_OF ?? DEMO_AS_OF;
  // Warm-ups ask for the day before: JIT, SQLite and OS page caches get warm while nothing the
  // measured as-of asks is cached yet (answers and account bundles are keyed by as-of).
  const warmAsOf = new Date(Date.parse(asOf) - DAY_MS).toISOString();
  const configFile = join(bench.dir, 'score-load.yaml');
  writeFileSync(
    configFile,
    `version: 1\nstore:\n  path: ${JSON.stringify(bench.storePath)}\nconnectors: {}\nserver:\n  rateLimit:\n    perMinute: 100000000\n`,
  );
  const loaded = await loadConfig(configFile, {});
  const setup = await openProductStore(bench.storePath, systemClock);
  const key = new ApiKeyStore(setup.database, systemClock).create('bench', 'score').key;
  const allIds = join(bench.dir, 'ids.txt');
  const stored = writeContactIds(setup.database, allIds);
  const facts = setup.database
    .prepare(
      `SELECT (SELECT COUNT(*) FROM accounts WHERE deleted_at IS NULL AND merged_into IS NULL) AS accounts,
              (SELECT COUNT(*) FROM events) AS events`,
    )
    .get() as { accounts: number; events: number };
  await setup.close();
  const idsFile = process.env.SB_BENCH_IDS ? resolve(process.env.SB_BENCH_IDS) : allIds;
  const fresh = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean).length;
  const cachedFile = join(bench.dir, 'cached-ids.txt');
  const cachedIds = readFileSync(allIds, 'utf8').split('\n').filter(Boolean).slice(0, CACHED_IDS);
  writeFileSync(cachedFile, `${cachedIds.join('\n')}\n`);

  const start = async (workers: number) => {
    if (workers > 1)
      return runServerWorkers({
        count: workers,
        exec: new URL('./score-worker.ts', import.meta.url).pathname,
        args: [configFile],
      });
    // Each phase has its own connection: a graceful stop closes the store it served.
    const store = await openProductStore(bench.storePath, systemClock);
    return runServer({ loaded, store, clock: systemClock, logger: silentLogger(), env: {} }, { port: 0 });
  };
  // Each phase asks its own slice of the ids (a server process shares nothing with the one before,
  // but the OS page cache would flatter a phase that read the same accounts); warm-ups ask the
  // last slice, at the day before.
  const slice = Math.floor(fresh / 5);
  /** Every request asks for a contact no request asked before at that as-of. */
  const notAnswered = async (phase: number, workers: number, overallRate?: number): Promise<LoadResult> => {
    const server = await start(workers);
    try {
      await drive(server.url, key, {
        idsFile,
        asOf: warmAsOf,
        connections: 20,
        seconds: 3 * workers,
        startAt: 4 * slice,
      });
      return await drive(server.url, key, {
        idsFile,
        asOf,
        connections: CONNECTIONS,
        seconds: SECONDS,
        maxRequests: slice,
        startAt: phase * slice,
        ...(overallRate === undefined ? {} : { overallRate }),
      });
    } finally {
      await server.close();
    }
  };
  /** Every request asks for a contact answered before (the answer cache's steady state). */
  const answered = async (): Promise<LoadResult> => {
    const server = await start(1);
    try {
      const once = {
        idsFile: cachedFile,
        asOf,
        connections: 20,
        seconds: 600,
        maxRequests: cachedIds.length,
      };
      await drive(server.url, key, once);
      return await drive(server.url, key, {
        idsFile: cachedFile,
        asOf,
        connections: CACHED_CONNECTIONS,
        seconds: SECONDS,
      });
    } finally {
      await server.close();
    }
  };
  let cold: LoadResult;
  let coldWorkers: LoadResult | null = null;
  let atRate: LoadResult;
  let belowRate = 0;
  let atBelowRate: LoadResult;
  let warm: LoadResult;
  const rateWorkers = Math.max(1, WORKERS);
  try {
    cold = await notAnswered(0, 1);
    if (WORKERS > 1) coldWorkers = await notAnswered(1, WORKERS);
    atRate = await notAnswered(2, rateWorkers, RATE);
    // Latency below saturation: 80 % of what the same processes answered flat out.
    belowRate = Math.max(1, Math.round((0.8 * rate(coldWorkers ?? cold)) / 10) * 10);
    atBelowRate = await notAnswered(3, rateWorkers, belowRate);
    warm = await answered();
  } finally {
    await bench.cleanup().catch(() => undefined);
  }
  const verdict = (r: LoadResult, p99: number, perSecond: number) =>
    r.latency.p99 <= p99 && rate(r) >= perSecond && r.non2xx + r.errors + r.timeouts === 0 ? 'met' : 'missed';
  const capacity = (r: LoadResult) =>
    rate(r) >= 1000 && r.non2xx + r.errors + r.timeouts === 0 ? 'met' : 'missed';
  // A fixed-rate run serves its rate when it answered (nearly) every request offered in its time.
  const served = (r: LoadResult, offered: number) => rate(r) >= 0.98 * offered;
  const row = (label: string, connections: number, r: LoadResult, goal: string, met: string) =>
    `| ${label} | ${connections} | ${fmt(r.total)} | ${fmt(rate(r))} | ${r.latency.p50} | ${r.latency.p97_5} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} | ${r.errors + r.timeouts} | ${goal}: ${met} |`;
  return [
    '## HTTP API: POST /v1/score under load',
    '',
    `Store: ${bench.origin}; ${fmt(stored)} live contacts, ${fmt(facts.accounts)} accounts, ${fmt(facts.events)} events; every default model promoted (lead, churn, LTV, NBA). ` +
      `The server as \`scorebridge serve\` runs it (default caches), autocannon in a separate process on loopback, ${cpus().length} cores shared by both. ` +
      `Contact ids come from a file, one a line (${idsFile === allIds ? 'every live contact, shuffled with a fixed seed so colleagues of one account are spread out' : idsFile}); each request scores one stored contact by id at as-of ${asOf.slice(0, 10)} (features from the store, lead + NBA models, reasons).`,
    '',
    '| requests for | connections | requests | req/s | p50 ms | p97.5 ms | p99 ms | max ms | non-2xx | errors | goal |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    row(
      'contacts not answered before, as fast as the connections ask (capacity)',
      CONNECTIONS,
      cold,
      '>= 1,000 req/s',
      capacity(cold),
    ),
    ...(coldWorkers
      ? [
          row(
            `the same, ${WORKERS} worker processes (server.workers)`,
            CONNECTIONS,
            coldWorkers,
            '>= 1,000 req/s',
            capacity(coldWorkers),
          ),
        ]
      : []),
    row(
      `contacts not answered before, offered at ${fmt(RATE)} req/s (${rateWorkers} worker process${rateWorkers === 1 ? '' : 'es'})`,
      CONNECTIONS,
      atRate,
      `p99 <= 100 ms at ${fmt(RATE)} req/s`,
      served(atRate, RATE) ? verdict(atRate, 100, 0) : 'missed (rate not served)',
    ),
    row(
      `the same offered at ${fmt(belowRate)} req/s (80 % of the capacity run above)`,
      CONNECTIONS,
      atBelowRate,
      'latency below saturation',
      served(atBelowRate, belowRate) ? `p99 ${atBelowRate.latency.p99} ms` : 'rate not served',
    ),
    row(
      `contacts answered before (${fmt(cachedIds.length)} of them, answer cache)`,
      CACHED_CONNECTIONS,
      warm,
      'p99 <= 10 ms',
      verdict(warm, 10, 0),
    ),
    '',
    'How to read it: with a fixed number of connections each waiting for its answer, a saturated server answers in connections / throughput on average ' +
      `(${fmt(CONNECTIONS)} connections at 1,000 req/s is 200 ms whatever the server does), so throughput comes from the capacity runs (autocannon, the ` +
      'connections ask as fast as answers come) and latency from the fixed-rate runs: requests evenly spaced at the offered rate over the same connections, ' +
      "each timed from when it was due, so waiting for a free connection counts (bench/server/constant-rate.ts; autocannon's own rate mode sends each " +
      "connection's allowance in one burst per second). Each run asks its own fifth of the ids; the load generator shares the machine's cores with the server.",
    '',
    'A contact not answered before is read with its deals and scored (features, lead and NBA models, TreeSHAP reasons); what its account shares with colleagues ' +
      '(account, deals, account and per-person activity summaries) is read once per account and as-of into an account bundle, and requests that arrive while that bundle ' +
      'is being built wait for it rather than build it again. Warm-ups ask for the day before, so nothing the measured as-of asks is cached when the run starts, and the ' +
      'run stops before any id is asked twice. A contact answered before comes from the answer cache (same entity and as-of). Both caches drop everything when any write ' +
      'reaches the store (total_changes / PRAGMA data_version). Knobs: SB_BENCH_STORE (a store.db to copy; default var/bench/dashboard-100000 when `npm run bench -- dashboard-100k` has built it), ' +
      'SB_BENCH_CONTACTS (build a demo store of that size instead), SB_BENCH_IDS (a file of contact ids), SB_BENCH_AS_OF, SB_BENCH_CONNECTIONS, SB_BENCH_CACHED_CONNECTIONS, SB_BENCH_SECONDS, SB_BENCH_WORKERS, SB_BENCH_RATE.',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await run()}\n`);
}

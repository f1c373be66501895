import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../app/config/index.ts';
import { runServer, runServerWorkers } from '../../app/server/run-server.ts';
import { ApiKeyStore } from '../../app/server/security/api-keys.ts';
import { openProductStore, productMigrations } from '../../app/store.ts';
import { FixedClock, systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { DEFAULT_MODEL_SPECS } from '../../scoring/models/model-specs.ts';
import { trainAll } from '../../scoring/models/train-all.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, demoStore } from '../../test/helpers/scoring-pipeline/demo-store.ts';

const CONTACTS = Number(process.env.SB_BENCH_CONTACTS ?? 2000);
const CONNECTIONS = Number(process.env.SB_BENCH_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.SB_BENCH_SECONDS ?? 10);
/** server.workers of the multi-process run: one per core by default. */
const WORKERS = Number(process.env.SB_BENCH_WORKERS ?? cpus().length);

interface LoadResult {
  readonly latency: { p50: number; p97_5: number; p99: number; average: number; max: number };
  readonly requests: { average: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly total: number;
}

function drive(spec: object): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./load-client.ts', import.meta.url), [JSON.stringify(spec)], {
      stdio: 'inherit',
    });
    child.once('message', (message) => resolve(message as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load generator exited with ${code}`));
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export async function run(): Promise<string> {
  const demo = await demoStore({ contacts: CONTACTS, seed: 11, extraMigrations: productMigrations });
  const clock = new FixedClock(DEMO_AS_OF);
  const registry = ModelRegistry.of(demo.store, clock);
  const trained = await trainAll(await demo.features(), registry, {
    asOf: DEMO_AS_OF,
    specs: DEFAULT_MODEL_SPECS,
    seed: 1,
  });
  for (const model of trained)
    if (model.status !== 'promoted') registry.promote(model.spec.name, model.version, 'bench');
  const configFile = join(demo.dir, 'scorebridge.yaml');
  writeFileSync(
    configFile,
    `version: 1\nstore:\n  path: ${JSON.stringify(demo.storePath)}\nconnectors: {}\nserver:\n  rateLimit:\n    perMinute: 100000000\n`,
  );
  const loaded = await loadConfig(configFile, {});
  const key = new ApiKeyStore(demo.store.database, clock).create('bench', 'score').key;
  const ids = (
    demo.store.database.prepare('SELECT id FROM contacts ORDER BY id').all() as Array<{ id: string }>
  ).map((r) => r.id);
  const start = async (cacheSize: number, workers: number) => {
    if (workers > 1)
      return runServerWorkers({
        count: workers,
        exec: new URL('./score-worker.ts', import.meta.url).pathname,
        args: [configFile, String(cacheSize)],
      });
    // Each phase has its own connection: a graceful stop closes the store it served.
    const store = await openProductStore(demo.storePath, systemClock);
    const deps = { loaded, store, clock: systemClock, logger: silentLogger(), env: {} };
    return runServer(deps, { port: 0, extra: { scoreCacheSize: cacheSize } });
  };
  const phase = async (cacheSize: number, workers = 1): Promise<LoadResult> => {
    const server = await start(cacheSize, workers);
    try {
      // Warm-up: JIT, TreeSHAP tables, SQLite page cache; with the cache on, long enough to have
      // answered every contact once, so the run measures the steady state of repeated lookups.
      // Several workers each warm their own JIT and account bundles.
      const warmSeconds = cacheSize > 0 ? Math.ceil(ids.length / 200) + 2 : 2 * workers;
      await drive({ url: server.url, key, ids, asOf: DEMO_AS_OF, connections: 20, seconds: warmSeconds });
      return await drive({
        url: server.url,
        key,
        ids,
        asOf: DEMO_AS_OF,
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
    } finally {
      await server.close();
    }
  };
  let cold: LoadResult;
  let coldWorkers: LoadResult | null = null;
  let warm: LoadResult;
  try {
    cold = await phase(0);
    if (WORKERS > 1) coldWorkers = await phase(0, WORKERS);
    warm = await phase(10_000);
  } finally {
    await demo.cleanup().catch(() => undefined);
  }
  const row = (label: string, r: LoadResult) =>
    `| ${label} | ${CONNECTIONS} | ${fmt(r.total)} | ${fmt(r.requests.average)} | ${r.latency.p50} | ${r.latency.p97_5} | ${r.latency.p99} | ${r.latency.max} | ${r.non2xx} | ${r.errors + r.timeouts} |`;
  const counts = { contacts: ids.length };
  return [
    '## HTTP API: POST /v1/score under load',
    '',
    `Demo store: ${fmt(counts.contacts)} contacts, every default model promoted (lead, churn, LTV, NBA). ` +
      `autocannon in a separate process, ${CONNECTIONS} connections for ${SECONDS} s on loopback, each request scores a different stored contact by id ` +
      `(features from the store, lead + NBA models, reasons). ${cpus().length} cores shared by the server and the load generator; one server process unless the row says otherwise. Goals: p99 <= 10 ms, >= 3,000 req/s.`,
    '',
    '| answer cache | connections | requests | req/s | p50 ms | p97.5 ms | p99 ms | max ms | non-2xx | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
    row('off (every request reads and scores)', cold),
    ...(coldWorkers ? [row(`off, ${WORKERS} worker processes (server.workers)`, coldWorkers)] : []),
    row('on, steady state (every contact answered once before)', warm),
    '',
    'With the answer cache off every request reads the contact and its deals and scores it (features, lead and NBA models, TreeSHAP reasons, ~0.2 ms in process); ' +
      'what its account shares with colleagues (account, deals, account and per-person activity summaries) is read once per account and as-of into an account bundle, ' +
      "so the account's ~400 events are not re-read and re-parsed per request. Both caches drop everything when any write reaches the store (total_changes / PRAGMA data_version). " +
      'The answer cache returns a stored answer for the same entity and as-of. ' +
      'Sizes: SB_BENCH_CONTACTS, SB_BENCH_CONNECTIONS, SB_BENCH_SECONDS, SB_BENCH_WORKERS.',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${await run()}\n`);
}

import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { openProductStore, productMigrations } from '../../app/store.ts';
import { FixedClock } from '../../core/clock.ts';
import { Random } from '../../demo/random.ts';
import { DEFAULT_MODEL_SPECS } from '../../scoring/models/model-specs.ts';
import { trainAll } from '../../scoring/models/train-all.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, demoStore } from '../../test/helpers/scoring-pipeline/demo-store.ts';

const repo = resolve(import.meta.dirname, '..', '..');
/** The store `npm run bench -- dashboard-100k` builds with the CLI (its built.json says it is complete). */
const DASHBOARD_STORE = join(repo, 'var', 'bench', 'dashboard-100000');

export interface ScoreBenchStore {
  /** A store of the bench's own: a copy, or a demo store built for the run. */
  readonly storePath: string;
  readonly dir: string;
  /** How it was made, for the results. */
  readonly origin: string;
  cleanup(): Promise<void>;
}

/**
 * Every default model promoted: the latest version of any model the promotion gate held back (a
 * small demo's holdout can lack an outcome); the API only needs a promoted model to answer.
 */
function promoteEveryModel(registry: ModelRegistry): void {
  const latest = new Map<string, number>();
  for (const model of registry.list()) if (!latest.has(model.name)) latest.set(model.name, model.version);
  for (const [name, version] of latest)
    if (!registry.promoted(name)) registry.promote(name, version, 'bench');
}

/** A copy of a finished store (never the original: the bench writes an API key into it). */
async function copyOf(source: string): Promise<ScoreBenchStore> {
  if (!existsSync(source)) throw new Error(`SB_BENCH_STORE: no store at ${source}`);
  const dir = mkdtempSync(join(tmpdir(), 'sb-score-load-'));
  const storePath = join(dir, 'store.db');
  copyFileSync(source, storePath);
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${storePath}-wal`);
  const store = await openProductStore(storePath, new FixedClock(DEMO_AS_OF));
  try {
    promoteEveryModel(ModelRegistry.of(store, new FixedClock(DEMO_AS_OF)));
  } finally {
    await store.close();
  }
  return {
    storePath,
    dir,
    // A store outside the repository is named by its file name only: the report must not carry this machine's paths.
    origin: `a copy of ${source.startsWith(repo) ? source.slice(repo.length + 1) : `the store given in SB_BENCH_STORE (${basename(source)})`}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A demo store of `contacts` built in process, every default model trained. */
async function builtDemo(contacts: number): Promise<ScoreBenchStore> {
  const demo = await demoStore({ contacts, seed: 11, extraMigrations: productMigrations });
  const registry = ModelRegistry.of(demo.store, new FixedClock(DEMO_AS_OF));
  await trainAll(await demo.features(), registry, { asOf: DEMO_AS_OF, specs: DEFAULT_MODEL_SPECS, seed: 1 });
  promoteEveryModel(registry);
  await demo.store.close();
  return {
    storePath: demo.storePath,
    dir: demo.dir,
    origin: `a demo store built for the run (demo-data --contacts ${contacts}, seed 11, every default model trained)`,
    cleanup: () => demo.cleanup(),
  };
}

/**
 * The store the load bench scores from: SB_BENCH_STORE when set (a store.db built with the CLI),
 * else the 100,000-contact store of the dashboard-100k bench when it is built, else (or when
 * SB_BENCH_CONTACTS is set) a demo store of that many contacts built in process.
 */
export async function scoreBenchStore(env: NodeJS.ProcessEnv): Promise<ScoreBenchStore> {
  if (env.SB_BENCH_STORE) return copyOf(resolve(env.SB_BENCH_STORE));
  if (env.SB_BENCH_CONTACTS === undefined && existsSync(join(DASHBOARD_STORE, 'built.json')))
    return copyOf(join(DASHBOARD_STORE, 'store.db'));
  return builtDemo(Number(env.SB_BENCH_CONTACTS ?? 2000));
}

/**
 * Every live contact's id, shuffled with a fixed seed so colleagues of one account are spread out
 * as requests from many clients are, written one a line to `file` (a command line cannot carry
 * 100,000 ids). Returns how many.
 */
export function writeContactIds(
  db: { prepare(sql: string): { all(): unknown[] } },
  file: string,
  seed = 7,
): number {
  const ids = (
    db
      .prepare('SELECT id FROM contacts WHERE deleted_at IS NULL AND merged_into IS NULL ORDER BY id')
      .all() as { id: string }[]
  ).map((row) => row.id);
  const random = new Random(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  writeFileSync(file, `${ids.join('\n')}\n`);
  return ids.length;
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadConfig } from '../../app/config/index.ts';
import { createServer } from '../../app/server/create-server.ts';
import { dashboardRouter } from '../../app/server/dashboard/index.ts';
import { ApiKeyStore } from '../../app/server/security/api-keys.ts';
import type { ServerDeps } from '../../app/server/server-deps.ts';
import { productMigrations } from '../../app/store.ts';
import { FixedClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { scoreAll } from '../../scoring/batch/score-all.ts';
import { specsFromConfig } from '../../scoring/models/model-specs.ts';
import { trainAll } from '../../scoring/models/train-all.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../helpers/scoring-pipeline/demo-store.ts';
import { type SeededFunnels, seedSequences } from './seed-sequences.ts';
import { type StoryAccount, seedStory } from './seed-story.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(Date.parse(DEMO_AS_OF) - days * DAY_MS).toISOString();

export interface DashboardDemo {
  readonly demo: DemoStore;
  readonly baseUrl: string;
  readonly funnels: SeededFunnels;
  readonly story: StoryAccount;
  /** A key with the read scope, for signing in; `admin` for API calls. */
  readonly keys: { readonly read: string; readonly score: string };
  readonly deps: ServerDeps;
  close(): Promise<void>;
}

/**
 * The demo business with every default model trained and scored four times (21, 8 and 4 days ago
 * and now, so there is a trend and a week-on-week change), workflow activity seeded, and the API
 * server with the dashboard on loopback, behind the sign-in as `scorebridge serve` runs it.
 */
export async function startDashboardDemo(contacts: number): Promise<DashboardDemo> {
  const demo = await demoStore({ contacts, seed: 7, extraMigrations: productMigrations });
  const env = { SCOREBRIDGE_DEMO_DIR: demo.dir };
  const loaded = await loadConfig(resolve(repoRoot, 'config', 'scorebridge.yaml'), env);
  // The shipped models, with their shipped tiers (churn risk by percentile, as the playbook has it).
  const specs = specsFromConfig(loaded.config.scoring.models);
  const clock = new FixedClock(daysBefore(21));
  const registry = ModelRegistry.of(demo.store, clock);
  const trained = await trainAll(await demo.features(), registry, {
    asOf: DEMO_AS_OF,
    specs,
    seed: 1,
  });
  // A small demo's holdout can lack an outcome, which makes the promotion gate refuse; pages need a model in use.
  for (const model of trained)
    if (model.status !== 'promoted') registry.promote(model.spec.name, model.version, 'dashboard demo');
  for (const asOf of [daysBefore(21), daysBefore(8), daysBefore(4), DEMO_AS_OF]) {
    // Runs are recorded at the clock's time: it stands at each scoring date, as a daily schedule would.
    clock.set(asOf);
    await scoreAll(demo.store, registry, await demo.features(), { asOf, specs });
  }
  const funnels = seedSequences(demo.store.database, DEMO_AS_OF);
  const story = seedStory(demo.store.database, DEMO_AS_OF);

  const deps: ServerDeps = { loaded, store: demo.store, clock, logger: silentLogger(), env };
  const keyStore = new ApiKeyStore(demo.store.database, clock);
  const keys = {
    read: keyStore.create('Maria (marketing)', 'read').key,
    score: keyStore.create('scoring service', 'score').key,
  };
  const app = createServer(deps, {
    routers: [{ path: '/dashboard', router: dashboardRouter(deps), auth: 'read' }],
  });
  const server = await new Promise<Server>((done) => {
    const listening = app.listen(0, '127.0.0.1', () => done(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    demo,
    baseUrl: `http://127.0.0.1:${port}`,
    funnels,
    story,
    keys,
    deps,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await demo.cleanup();
    },
  };
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import express from 'express';
import { loadConfig } from '../../app/config/index.ts';
import { dashboardRouter } from '../../app/server/dashboard/index.ts';
import type { ServerDeps } from '../../app/server/server-deps.ts';
import { productMigrations } from '../../app/store.ts';
import { FixedClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { scoreAll } from '../../scoring/batch/score-all.ts';
import { DEFAULT_MODEL_SPECS } from '../../scoring/models/model-specs.ts';
import { trainAndRegisterBinary } from '../../scoring/models/register-binary.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../helpers/scoring-pipeline/demo-store.ts';
import { type SeededFunnels, seedSequences } from './seed-sequences.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const DAY_MS = 24 * 60 * 60 * 1000;
const daysBefore = (days: number) => new Date(Date.parse(DEMO_AS_OF) - days * DAY_MS).toISOString();

export interface DashboardDemo {
  readonly demo: DemoStore;
  readonly baseUrl: string;
  readonly funnels: SeededFunnels;
  close(): Promise<void>;
}

/**
 * The demo business with lead and churn models trained and scored three times (8 and 4 days ago and
 * now, so there is a trend and a week-on-week change), workflow activity seeded, and the dashboard
 * router mounted at /dashboard of a bare express app on loopback.
 */
export async function startDashboardDemo(contacts: number): Promise<DashboardDemo> {
  const demo = await demoStore({ contacts, seed: 7, extraMigrations: productMigrations });
  const clock = new FixedClock(DEMO_AS_OF);
  const registry = ModelRegistry.of(demo.store, clock);
  for (const [name, kind] of [
    ['lead_score', 'lead'],
    ['churn_risk', 'churn'],
  ] as const)
    await trainAndRegisterBinary(await demo.features(), registry, { name, kind, asOf: DEMO_AS_OF });
  const specs = DEFAULT_MODEL_SPECS.filter((s) => s.kind === 'lead' || s.kind === 'churn');
  for (const asOf of [daysBefore(8), daysBefore(4), DEMO_AS_OF])
    await scoreAll(demo.store, registry, await demo.features(), { asOf, specs });
  const funnels = seedSequences(demo.store.database, DEMO_AS_OF);

  const env = { SCOREBRIDGE_DEMO_DIR: demo.dir };
  const loaded = await loadConfig(resolve(repoRoot, 'config', 'scorebridge.yaml'), env);
  const deps: ServerDeps = { loaded, store: demo.store, clock, logger: silentLogger(), env };
  const app = express();
  app.use('/dashboard', dashboardRouter(deps));
  const server = await new Promise<Server>((done) => {
    const listening = app.listen(0, '127.0.0.1', () => done(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    demo,
    baseUrl: `http://127.0.0.1:${port}`,
    funnels,
    async close() {
      await new Promise<void>((done) => server.close(() => done()));
      await demo.cleanup();
    },
  };
}

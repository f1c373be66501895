import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../app/config/index.ts';
import { type RunningServer, type RunOptions, runServer } from '../../../app/server/run-server.ts';
import { ApiKeyStore } from '../../../app/server/security/api-keys.ts';
import type { ServerDeps } from '../../../app/server/server-deps.ts';
import { productMigrations } from '../../../app/store.ts';
import { FixedClock } from '../../../core/clock.ts';
import { silentLogger } from '../../../core/logger.ts';
import { DEFAULT_MODEL_SPECS } from '../../../scoring/models/model-specs.ts';
import { trainAll } from '../../../scoring/models/train-all.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { DEMO_AS_OF, type DemoStore, demoStore } from '../../helpers/scoring-pipeline/demo-store.ts';

export interface ServerFixture {
  readonly demo: DemoStore;
  readonly deps: ServerDeps;
  readonly clock: FixedClock;
  readonly keys: { readonly read: string; readonly score: string; readonly admin: string };
  readonly configFile: string;
}

/**
 * A small demo business with every default model trained and promoted, a config file pointing at
 * it, and one API key per scope. The clock stands at the demo's as-of instant.
 */
export async function serverFixture(
  options: { contacts?: number; server?: string } = {},
): Promise<ServerFixture> {
  const demo = await demoStore({
    contacts: options.contacts ?? 250,
    seed: 3,
    extraMigrations: productMigrations,
  });
  const clock = new FixedClock(DEMO_AS_OF);
  const registry = ModelRegistry.of(demo.store, clock);
  const trained = await trainAll(await demo.features(), registry, {
    asOf: DEMO_AS_OF,
    specs: DEFAULT_MODEL_SPECS,
    seed: 1,
  });
  // A small demo's holdout can lack one outcome, which makes the promotion gate refuse; the API only
  // needs a promoted model, so promote what was trained.
  for (const model of trained)
    if (model.status !== 'promoted') registry.promote(model.spec.name, model.version, 'server test fixture');
  const configFile = join(demo.dir, 'scorebridge.yaml');
  mkdirSync(join(demo.dir, 'workflows'));
  writeFileSync(
    join(demo.dir, 'workflows', 'risk-watch.yaml'),
    [
      'name: risk_watch',
      'entry:',
      '  triggers:',
      '    - { on: tier_change, model: churn_risk, to: high }',
      'steps:',
      '  - action: write_fields',
      '    to: crm',
      '    fields: { scorebridge_churn_tier: high }',
    ].join('\n'),
  );
  writeFileSync(
    configFile,
    [
      'version: 1',
      'store:',
      `  path: ${JSON.stringify(demo.storePath)}`,
      'connectors: {}',
      'workflows:',
      `  dir: ${JSON.stringify(join(demo.dir, 'workflows'))}`,
      options.server ?? '',
    ].join('\n'),
  );
  const loaded = await loadConfig(configFile, {});
  const keyStore = new ApiKeyStore(demo.store.database, clock);
  const keys = {
    read: keyStore.create('reader', 'read').key,
    score: keyStore.create('scorer', 'score').key,
    admin: keyStore.create('admin', 'admin').key,
  };
  return {
    demo,
    clock,
    keys,
    configFile,
    deps: { loaded, store: demo.store, clock, logger: silentLogger(), env: {} },
  };
}

/** The API on 127.0.0.1 at a free port; `stop` shuts it down gracefully (closing the store) and deletes the demo. */
export async function startServer(
  fixture: ServerFixture,
  options: RunOptions = {},
): Promise<RunningServer & { stop(): Promise<void> }> {
  const running = await runServer(fixture.deps, { port: 0, ...options });
  return {
    ...running,
    async stop() {
      await running.close();
      rmSync(fixture.demo.dir, { recursive: true, force: true });
    },
  };
}

/** JSON request helper: method, path, optional body and key. */
export async function call(
  base: string,
  path: string,
  options: {
    method?: string;
    key?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers field by field
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    redirect: 'manual',
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON (metrics, redirects): the text is the body.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

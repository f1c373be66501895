import { Router } from 'express';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { canonicalMigrations } from '../../../core/store/sqlite/migrations.ts';
import { productMigrations } from '../../store.ts';
import type { Metrics } from '../metrics.ts';

/** Schema versions the server needs; a store missing one was opened by an older scorebridge. */
const REQUIRED_VERSIONS = [...canonicalMigrations, ...productMigrations].map((m) => m.version);

function readiness(store: SqliteCanonicalStore): { ready: boolean; reason?: string } {
  try {
    const rows = store.database.prepare('SELECT version FROM schema_migrations').all() as Array<{
      version: number;
    }>;
    const applied = new Set(rows.map((r) => Number(r.version)));
    const missing = REQUIRED_VERSIONS.filter((v) => !applied.has(v));
    if (missing.length > 0)
      return { ready: false, reason: `store migrations not applied: ${missing.join(', ')}` };
    return { ready: true };
  } catch {
    return { ready: false, reason: 'store is not reachable' };
  }
}

/** Liveness, readiness and Prometheus metrics: open to scrapers and load balancers, no key. */
export function healthRoutes(deps: {
  store: SqliteCanonicalStore;
  metrics: Metrics;
  isShuttingDown: () => boolean;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    const state = readiness(deps.store);
    res
      .status(state.ready ? 200 : 503)
      .json(state.ready ? { status: 'ready' } : { status: 'not_ready', reason: state.reason });
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  return router;
}

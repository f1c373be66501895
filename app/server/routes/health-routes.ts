import { Router } from 'express';
import type { SqliteCanonicalStore } from '../../../core/store/sqlite/index.ts';
import { canonicalMigrations } from '../../../core/store/sqlite/migrations.ts';
import { productMigrations } from '../../store.ts';
import type { Metrics } from '../metrics.ts';
import { probePostgres } from './database-probe.ts';

/** Schema versions the server needs; a store missing one was opened by an older scorebridge. */
const REQUIRED_VERSIONS = [...canonicalMigrations, ...productMigrations].map((m) => m.version);

interface Readiness {
  readonly ready: boolean;
  readonly reason?: string;
}

/**
 * Ready when the database answers (on Postgres a real round trip on a fresh connection with a short
 * timeout, so an unreachable server is reported and not waited on) and the server's own store
 * connection reads the schema with every migration it needs applied.
 */
async function readiness(deps: HealthDeps): Promise<Readiness> {
  if (deps.postgresUrl !== undefined) {
    const unreachable = await probePostgres(deps.postgresUrl);
    if (unreachable !== undefined) return { ready: false, reason: unreachable };
  }
  const { store } = deps;
  try {
    const rows = store.database.prepare('SELECT version FROM schema_migrations').all() as Array<{
      version: number;
    }>;
    const applied = new Set(rows.map((r) => Number(r.version)));
    const missing = REQUIRED_VERSIONS.filter((v) => !applied.has(v));
    if (missing.length > 0)
      return { ready: false, reason: `store migrations not applied: ${missing.join(', ')}` };
    return { ready: true };
  } catch (error) {
    return {
      ready: false,
      reason:
        deps.postgresUrl === undefined
          ? 'store is not reachable'
          : `store connection failed: ${(error as Error).message}`,
    };
  }
}

interface HealthDeps {
  readonly store: SqliteCanonicalStore;
  readonly metrics: Metrics;
  readonly isShuttingDown: () => boolean;
  /** Set when the store is on Postgres: /readyz checks the server answers. */
  readonly postgresUrl?: string;
}

/** Liveness, readiness and Prometheus metrics: open to scrapers and load balancers, no key. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (deps.isShuttingDown()) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    const state = await readiness(deps);
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

import { readFileSync } from 'node:fs';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { specsFromConfig } from '../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../scoring/registry/model-registry.ts';
import { memorySharedLimits } from '../shared-limits.ts';
import { errorHandler, notFound } from './http/error-handler.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { buildOpenApi, type PathItem } from './openapi.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { loginRoutes } from './routes/login-routes.ts';
import { modelRoutes } from './routes/model-routes.ts';
import { scoreRoutes } from './routes/score-routes.ts';
import { workflowRoutes } from './routes/workflow-routes.ts';
import { EntityScorer } from './scoring/entity-scorer.ts';
import { ApiKeyStore } from './security/api-keys.ts';
import { corsFor } from './security/cors.ts';
import { identifyKey } from './security/identify-key.ts';
import { rateLimitPerKey } from './security/rate-limit.ts';
import { requireScope } from './security/require-scope.ts';
import { SessionStore } from './security/sessions.ts';
import type { ApiScope, ServerDeps } from './server-deps.ts';

export interface ExtraRouter {
  readonly path: string;
  readonly router: Router;
  /** 'none' for routes that check their own credentials (webhook signatures, unsubscribe tokens). */
  readonly auth?: ApiScope | 'none';
  /** OpenAPI path items this router serves; they replace the built-in entries of the same paths. */
  readonly openapi?: Record<string, PathItem>;
}

export interface ServerExtras {
  readonly routers?: readonly ExtraRouter[];
  /** Pass the Metrics the extra routers count into; default a fresh set. */
  readonly metrics?: Metrics;
  /** Answers of POST /v1/score by id kept until the store changes (default 10,000; 0 turns it off). */
  readonly scoreCacheSize?: number;
}

/** What createServer leaves in `app.locals` for run-server and tests. */
export interface ServerLocals {
  readonly metrics: Metrics;
  readonly keys: ApiKeyStore;
  readonly sessions: SessionStore;
  /** Set by run-server when shutdown starts: /readyz answers 503 and connections are not kept alive. */
  shuttingDown: boolean;
}

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Sign-in attempts per client address and minute: enough for typos, too few to guess keys. */
const LOGIN_ATTEMPTS_PER_MINUTE = 20;

export function serverLocals(app: Express): ServerLocals {
  return app.locals.scorebridge as ServerLocals;
}

function timeRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      // Route templates, never raw paths, so ids do not explode the label set.
      const route = req.route?.path === undefined ? 'unmatched' : `${req.baseUrl}${String(req.route.path)}`;
      stop({ route, method: req.method, status: String(res.statusCode) });
    });
    next();
  };
}

function baseHeaders(locals: ServerLocals): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Dashboard URLs name accounts and searches: never leak them to another site in a Referer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (locals.shuttingDown) res.setHeader('Connection', 'close');
    next();
  };
}

/**
 * The HTTP API as an express app (not listening; see run-server.ts). Extra routers (webhooks,
 * unsubscribe, dashboard) are mounted before the JSON body parser so they can read raw bodies
 * for signature checks; they apply server.bodyLimit themselves.
 */
export function createServer(deps: ServerDeps, extra: ServerExtras = {}): Express {
  const { server, scoring } = deps.loaded.config;
  const metrics = extra.metrics ?? createMetrics();
  const keys = new ApiKeyStore(deps.store.database, deps.clock);
  const sessions = new SessionStore(deps.store.database, deps.clock, server.session);
  const locals: ServerLocals = { metrics, keys, sessions, shuttingDown: false };
  const specs = specsFromConfig(scoring.models);
  const registry = ModelRegistry.of(deps.store, deps.clock);
  const scorer = new EntityScorer(deps.store, deps.clock, {
    specs,
    bands: scoring.tiers,
    ...(extra.scoreCacheSize === undefined ? {} : { cacheSize: extra.scoreCacheSize }),
  });
  const app = express();
  app.locals.scorebridge = locals;
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(timeRequests(metrics), baseHeaders(locals), corsFor(server.cors.origins));
  // One allowance per key (and per address for wrong keys), whether the key comes as a Bearer header or
  // through the sign-in form; across every replica when the store is Postgres.
  const limits = deps.limits ?? memorySharedLimits(deps.clock);
  const keyBuckets = limits.rateBuckets('api-keys', server.rateLimit.perMinute);
  app.use(identifyKey(keys, sessions), rateLimitPerKey(keyBuckets));
  const { store } = deps.loaded.config;
  app.use(
    healthRoutes({
      store: deps.store,
      metrics,
      isShuttingDown: () => locals.shuttingDown,
      ...(store.type === 'postgres' && store.url !== undefined ? { postgresUrl: store.url.reveal() } : {}),
    }),
  );
  const extraPaths: Record<string, PathItem> = {};
  for (const mounted of extra.routers ?? []) {
    const auth = mounted.auth ?? 'admin';
    if (auth === 'none') app.use(mounted.path, mounted.router);
    else app.use(mounted.path, requireScope(auth), mounted.router);
    Object.assign(extraPaths, mounted.openapi);
  }
  const openapi = buildOpenApi({
    version,
    ...(server.publicUrl ? { serverUrl: server.publicUrl } : {}),
    extraPaths,
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  app.use(
    loginRoutes({
      keys,
      sessions,
      attempts: limits.rateBuckets('sign-in', LOGIN_ATTEMPTS_PER_MINUTE),
      keyBuckets,
      secureCookies: server.publicUrl?.startsWith('https:') ?? false,
    }),
  );
  app.use(express.json({ limit: server.bodyLimit }));
  app.use(scoreRoutes({ store: deps.store, scorer, metrics }));
  app.use(modelRoutes({ registry, specs }));
  app.use(workflowRoutes({ loaded: deps.loaded, env: deps.env, store: deps.store, clock: deps.clock }));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}

import express, { type Request, type Response } from 'express';
import { specsFromConfig } from '../../../scoring/models/model-specs.ts';
import { ModelRegistry } from '../../../scoring/registry/model-registry.ts';
import { collectReports } from '../../report/report-data.ts';
import type { ServerDeps } from '../server-deps.ts';
import { DASHBOARD_CSS, type DashboardPageId, renderPage, STYLESHEET_PATH } from './layout.ts';
import { modelsBody } from './models-page.ts';
import { loadOverview } from './overview-data.ts';
import { overviewBody } from './overview-page.ts';
import { loadFunnels } from './sequence-data.ts';
import { sequencesBody } from './sequences-page.ts';

// Pages are self-contained: inline SVG, one stylesheet from this router, no scripts at all.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

type PageBody = (deps: ServerDeps, now: Date) => Promise<string> | string;

function sendHtml(res: Response, html: string): void {
  res
    .status(200)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    })
    .send(html);
}

/**
 * The dashboard: overview (score distributions and trend, churn risers, sync status), model cards
 * and sequence funnels, rendered on the server from aggregate queries. Mount it behind the API-key
 * check with the read scope, e.g. `app.use('/dashboard', requireRead, dashboardRouter(deps))`.
 */
export function dashboardRouter(deps: ServerDeps): express.Router {
  const router = express.Router();
  const specs = specsFromConfig(deps.loaded.config.scoring.models);
  const tiers = deps.loaded.config.scoring.tiers.map((band) => band.name);
  // Created on first use: a store without the registry tables still serves the other pages.
  let registry: ModelRegistry | undefined;

  const bodies: Record<DashboardPageId, { title: string; body: PageBody }> = {
    overview: {
      title: 'Overview',
      body: async ({ store }, now) => overviewBody(await loadOverview(store, now, tiers)),
    },
    models: {
      title: 'Models',
      body: ({ store, clock }) => {
        registry ??= ModelRegistry.of(store, clock);
        return modelsBody(collectReports(registry, specs));
      },
    },
    sequences: {
      title: 'Sequences',
      body: ({ store }) => sequencesBody(loadFunnels(store.database)),
    },
  };

  const page = (id: DashboardPageId) => async (req: Request, res: Response) => {
    const started = performance.now();
    const now = deps.clock.now();
    const { title, body } = bodies[id];
    try {
      const html = renderPage({
        base: req.baseUrl,
        active: id,
        title,
        generatedAt: now.toISOString(),
        body: await body(deps, now),
      });
      sendHtml(res, html);
      deps.logger.debug({ page: id, ms: Math.round(performance.now() - started) }, 'dashboard page rendered');
    } catch (error) {
      // The operator sees the cause in the log; the browser gets no internals.
      deps.logger.error({ page: id, err: error }, 'dashboard page failed');
      res
        .status(500)
        .type('text/plain')
        .send('The dashboard page could not be rendered; the server log has the cause.');
    }
  };

  router.get(STYLESHEET_PATH, (_req, res) => {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    res.send(DASHBOARD_CSS);
  });
  router.get('/', page('overview'));
  router.get('/models', page('models'));
  router.get('/sequences', page('sequences'));
  return router;
}

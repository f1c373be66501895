import type { ExtraRouter } from './create-server.ts';
import { dashboardRouter } from './dashboard/index.ts';
import { hooksRouter, resyncAndRescore } from './hooks/index.ts';
import type { Metrics } from './metrics.ts';
import type { ServerDeps } from './server-deps.ts';

/**
 * The routers `scorebridge serve` adds to the API core: CRM webhooks and one-click unsubscribe
 * (no API key: they check their own signatures and tokens, on the raw body), and the dashboard
 * (read scope; a browser signs in once through /login).
 */
export function productRouters(deps: ServerDeps, metrics: Metrics): ExtraRouter[] {
  const hooks = hooksRouter(deps, {
    onRecordsChanged: resyncAndRescore(deps),
    metrics: {
      webhooksReceived: (labels) => metrics.webhooksReceived(labels),
      unsubscribes: () => metrics.unsubscribes.inc({ outcome: 'suppressed' }),
    },
  });
  return [
    { path: '/', router: hooks, auth: 'none' },
    { path: '/dashboard', router: dashboardRouter(deps), auth: 'read' },
  ];
}

import express, { type Request, type Response } from 'express';
import { collectReports } from '../../report/report-data.ts';
import { keyStateOf, sessionOf } from '../security/identify-key.ts';
import type { ServerDeps } from '../server-deps.ts';
import { type DashboardContext, dashboardContext } from './context.ts';
import { streamListCsv } from './csv-export.ts';
import {
  DASHBOARD_CSS,
  type DashboardPageId,
  esc,
  renderPage,
  STYLESHEET_PATH,
  type Viewer,
} from './layout.ts';
import { loadListPage } from './list-data.ts';
import { listBody } from './list-page.ts';
import { parseListParams } from './list-params.ts';
import type { ListEntity } from './list-query.ts';
import { modelsBody } from './models-page.ts';
import { loadOverview } from './overview-data.ts';
import { overviewBody } from './overview-page.ts';
import { rangeOf } from './ranges.ts';
import { loadRecord } from './record-data.ts';
import { recordBody } from './record-page.ts';
import { loadFunnels } from './sequence-data.ts';
import { sequencesBody } from './sequences-page.ts';

// Pages are self-contained: inline SVG, one stylesheet from this router, no scripts at all.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A page's title, subtitle and body, or a status with a message for the person. */
type PageResult =
  | { readonly title: string; readonly subtitle?: string; readonly body: string }
  | { readonly status: number; readonly title: string; readonly message: string }
  | { readonly redirect: string };

type PageBuilder = (ctx: DashboardContext, req: Request) => Promise<PageResult>;

function viewerOf(res: Response): Viewer | null {
  const state = keyStateOf(res);
  if (state.kind !== 'valid') return null;
  return { name: state.key.name, csrfToken: sessionOf(res)?.csrfToken ?? null };
}

function headers(res: Response): Response {
  return res.set({
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
}

function listPage(entity: ListEntity): PageBuilder {
  return async (ctx, req) => {
    const parsed = parseListParams(req.query);
    const title = entity === 'account' ? 'Accounts' : 'Contacts';
    if ('error' in parsed) return { status: 400, title, message: parsed.error };
    const page = loadListPage(ctx.deps.store.database, entity, ctx.modelsFor(entity), parsed.params);
    return {
      title,
      subtitle:
        entity === 'account'
          ? 'Every company, with its scores and where it is in your workflows'
          : 'Every person, with their scores and where they are in your workflows',
      body: listBody(ctx, entity, req.baseUrl, parsed.params, page, new Date(ctx.asOf())),
    };
  };
}

function recordPage(entity: ListEntity): PageBuilder {
  return async (ctx, req) => {
    const id = String(req.params.id ?? '');
    const range = rangeOf(req.query);
    const view = await loadRecord(ctx, entity, id, range);
    const noun = entity === 'account' ? 'account' : 'contact';
    if (view === null)
      return {
        status: 404,
        title: `No such ${noun}`,
        message: `There is no ${noun} with this address. It may have been deleted; search the ${noun}s list instead.`,
      };
    if ('redirect' in view)
      return { redirect: `${req.baseUrl}/${noun}s/${encodeURIComponent(view.redirect)}` };
    const path = `${req.baseUrl}/${noun}s/${encodeURIComponent(view.id)}`;
    const subtitle =
      entity === 'account'
        ? [view.account?.domain, view.account?.industry].filter(Boolean).join(' · ')
        : [view.contact?.title, view.company?.name].filter(Boolean).join(' at ');
    return { title: view.name, subtitle, body: await recordBody(ctx, req.baseUrl, path, view, range) };
  };
}

/**
 * The dashboard: overview, accounts and contacts (lists, search, filters, CSV export and a page per
 * record), model cards and sequence funnels, rendered on the server from indexed queries. Mount it
 * behind the read scope, e.g. `app.use('/dashboard', requireScope('read'), dashboardRouter(deps))`;
 * a browser without a session is sent to /login first.
 */
export function dashboardRouter(deps: ServerDeps): express.Router {
  const router = express.Router();
  const ctx = dashboardContext(deps);

  const page =
    (active: DashboardPageId | null, build: PageBuilder) => async (req: Request, res: Response) => {
      const started = performance.now();
      try {
        const result = await build(ctx, req);
        if ('redirect' in result) {
          res.redirect(303, result.redirect);
          return;
        }
        const asOf = ctx.asOf();
        const viewer = viewerOf(res);
        if ('status' in result) {
          headers(res)
            .status(result.status)
            .send(
              renderPage({
                base: req.baseUrl,
                active,
                title: result.title,
                asOf,
                viewer,
                body: `<p class="error" role="alert">${esc(result.message)}</p>`,
              }),
            );
          return;
        }
        headers(res)
          .status(200)
          .send(
            renderPage({
              base: req.baseUrl,
              active,
              title: result.title,
              ...(result.subtitle ? { subtitle: result.subtitle } : {}),
              asOf,
              viewer,
              body: result.body,
            }),
          );
        deps.logger.debug(
          { page: req.path, ms: Math.round(performance.now() - started) },
          'dashboard page rendered',
        );
      } catch (error) {
        // The operator sees the cause in the log; the browser gets no internals.
        deps.logger.error({ page: req.path, err: error }, 'dashboard page failed');
        if (!res.headersSent)
          res
            .status(500)
            .type('text/plain')
            .send('The dashboard page could not be rendered; the server log has the cause.');
      }
    };

  const csv = (entity: ListEntity) => async (req: Request, res: Response) => {
    const parsed = parseListParams(req.query);
    if ('error' in parsed) {
      res.status(400).type('text/plain').send(parsed.error);
      return;
    }
    try {
      await streamListCsv(ctx, entity, parsed.params, res);
    } catch (error) {
      deps.logger.error({ export: entity, err: error }, 'dashboard export failed');
      if (res.headersSent) res.destroy();
      else res.status(500).type('text/plain').send('The export failed; the server log has the cause.');
    }
  };

  router.get(STYLESHEET_PATH, (_req, res) => {
    res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
    res.send(DASHBOARD_CSS);
  });
  router.get(
    '/',
    page('overview', async (c, req) => {
      const range = rangeOf(req.query);
      return {
        title: 'Overview',
        body: await overviewBody(
          c,
          req.baseUrl,
          await loadOverview(
            c.deps.store,
            c.asOf(),
            range,
            [...c.models.values()].filter((m) => m.kind === 'churn').map((m) => m.name),
          ),
          range,
        ),
      };
    }),
  );
  router.get('/accounts', page('accounts', listPage('account')));
  router.get('/accounts.csv', csv('account'));
  router.get('/accounts/:id', page('accounts', recordPage('account')));
  router.get('/contacts', page('contacts', listPage('contact')));
  router.get('/contacts.csv', csv('contact'));
  router.get('/contacts/:id', page('contacts', recordPage('contact')));
  router.get(
    '/models',
    page('models', async (c) => ({
      title: 'Models',
      body: await modelsBody(c, collectReports(c.registry(), c.specs)),
    })),
  );
  router.get(
    '/sequences',
    page('sequences', async (c) => ({
      title: 'Sequences',
      body: await sequencesBody(loadFunnels(c.deps.store.database)),
    })),
  );
  return router;
}

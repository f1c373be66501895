import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { systemClock } from '../../core/clock.ts';
import { notFound, sendError } from './http/errors.ts';
import { apiGuards } from './http/guards.ts';
import { authRoutes } from './http/routes-auth.ts';
import { bulkRoutes } from './http/routes-bulk.ts';
import { bulkQueryRoutes } from './http/routes-bulk-query.ts';
import { compositeRoutes } from './http/routes-composite.ts';
import { limitsRoutes } from './http/routes-limits.ts';
import { queryRoutes } from './http/routes-query.ts';
import { replicationRoutes } from './http/routes-replication.ts';
import { sobjectRoutes } from './http/routes-sobjects.ts';
import { toolingRoutes } from './http/routes-tooling.ts';
import { toolingQueryRoutes } from './http/routes-tooling-query.ts';
import { servedVersions } from './http/versions.ts';
import { emulatorSettingsSchema, type SalesforceEmulatorOptions } from './options.ts';
import { OrgState } from './org-state.ts';
import type { EmulatorStats } from './stats.ts';

export interface EmulatorCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** A freshly issued session, for clients that start with an access token. */
  readonly accessToken: string;
}

export interface SalesforceEmulator {
  /** Base URL: both the login URL and the instance URL. */
  readonly url: string;
  readonly state: OrgState;
  readonly stats: EmulatorStats;
  credentials(): EmulatorCredentials;
  close(): Promise<void>;
}

function handleError(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed')
    sendError(res, 400, 'JSON_PARSER_ERROR', `Unexpected character: ${(error as Error).message}`);
  else if (type === 'entity.too.large')
    sendError(res, 413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large');
  else sendError(res, 500, 'UNKNOWN_EXCEPTION', `An unexpected error occurred: ${(error as Error).message}`);
}

/**
 * Starts a stateful Salesforce REST emulator on 127.0.0.1: OAuth refresh, SOQL query/queryAll
 * with locators, describe, sObject rows and collections, Bulk API 2.0 ingest, Tooling
 * CustomField, /limits, Sforce-Limit-Info, the daily allowance, a concurrency cap and
 * injectable faults. jsforce talks to it with `loginUrl` and `instanceUrl` set to `url`.
 */
export async function startSalesforceEmulator(
  options: SalesforceEmulatorOptions = {},
): Promise<SalesforceEmulator> {
  const { clock, validate, ...plain } = options;
  const settings = emulatorSettingsSchema.parse(plain);
  const state = new OrgState({
    clock: clock ?? systemClock,
    seed: settings.seed,
    dailyRequests: settings.apiLimits.dailyRequests,
    sessionTtlMs: settings.sessionTtlMs,
    app: settings.app,
    refreshTokens: settings.refreshTokens,
    canCreateFields: settings.permissions.createFields,
    fieldLevelSecurity: settings.permissions.fieldLevelSecurity,
    managePermissionSets: settings.permissions.managePermissionSets,
    integrationSetAssigned: settings.permissions.integrationSetAssigned,
    bulkPollsToComplete: settings.bulk.pollsToComplete,
    queryPollsToComplete: settings.bulk.queryPollsToComplete,
    queryDefaultPageRecords: settings.bulk.queryDefaultPageRecords,
    multiCurrency: settings.currency.multiCurrency,
    corporateCurrency: settings.currency.corporate,
    faults: settings.faults,
    ...(validate ? { validate } : {}),
  });
  let url = '';
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(
    '/services/oauth2',
    authRoutes(state, () => url),
  );
  const versions = servedVersions(settings.apiVersions.oldest, settings.apiVersions.latest);
  // The Versions resource needs no session and does not count against the daily allowance.
  app.get(['/services/data', '/services/data/'], (_req, res) => {
    res.json(versions);
  });

  const api = express.Router({ mergeParams: true });
  api.use(express.json({ limit: '50mb' }));
  api.get('/', (_req, res) => {
    const base = `/services/data/v${res.locals.apiVersion as string}`;
    res.json({
      sobjects: `${base}/sobjects`,
      query: `${base}/query`,
      queryAll: `${base}/queryAll`,
      limits: `${base}/limits`,
      tooling: `${base}/tooling`,
      composite: `${base}/composite`,
      jobs: `${base}/jobs`,
    });
  });
  for (const routes of [
    queryRoutes,
    replicationRoutes,
    sobjectRoutes,
    compositeRoutes,
    bulkRoutes,
    bulkQueryRoutes,
    toolingRoutes,
    toolingQueryRoutes,
    limitsRoutes,
  ])
    api.use(routes(state));
  api.use((_req, res) => notFound(res));
  app.use(
    '/services/data/:version',
    apiGuards(state, {
      latencyMs: settings.latencyMs,
      concurrency: settings.concurrency,
      versions: new Set(versions.map((entry) => entry.version)),
    }),
    api,
  );
  app.use((_req, res) => notFound(res));
  app.use(handleError);

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  url = `http://${settings.host}:${address.port}`;
  return {
    url,
    state,
    stats: state.stats,
    credentials: () => ({
      clientId: settings.app.clientId,
      clientSecret: settings.app.clientSecret,
      refreshToken: settings.refreshTokens[0] ?? '',
      accessToken: state.sessions.issue(),
    }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

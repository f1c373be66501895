import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Catalog } from './catalog.ts';
import { Engine } from './engine.ts';
import { BigQueryApiError } from './errors.ts';
import { jobRoutes } from './http/job-handlers.ts';
import { readRequest } from './http/request.ts';
import { resourceRoutes } from './http/resource-handlers.ts';
import { type EmulatorState, matchRoute } from './http/routes.ts';
import { JobStore } from './jobs.ts';
import { BigQueryEmulatorStats } from './stats.ts';

export interface BigQueryEmulatorOptions {
  readonly projectId: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Loopback by default: the emulator has no auth and must not be reachable from elsewhere. */
  readonly host?: string;
  /** Location reported for datasets and jobs that do not name one (default US). */
  readonly location?: string;
  /** Clock for creation times (default: the system clock). */
  readonly now?: () => Date;
  /**
   * How many looks at a new job report it still running before it is DONE (default 1: the
   * jobs.query / jobs.insert answer says `jobComplete: false` or RUNNING, as a real job that
   * outlasts the call does). 0 is the lenient variant where every job is done at once.
   */
  readonly pollsUntilDone?: number;
}

export interface BigQueryEmulator {
  /** Pass as `apiEndpoint` to `new BigQuery(...)`. */
  readonly url: string;
  readonly projectId: string;
  readonly stats: BigQueryEmulatorStats;
  close(): Promise<void>;
}

const ROUTES = [...resourceRoutes, ...jobRoutes];

/** Starts a BigQuery REST emulator that stores data in an embedded DuckDB. */
export async function startBigQueryEmulator(options: BigQueryEmulatorOptions): Promise<BigQueryEmulator> {
  const now = options.now ?? (() => new Date());
  const engine = await Engine.create();
  await engine.exclusive((db) => engine.ensureProject(db, options.projectId));
  const state: EmulatorState = {
    engine,
    catalog: new Catalog(now),
    jobs: new JobStore(),
    stats: new BigQueryEmulatorStats(),
    projectIds: new Set([options.projectId]),
    defaultLocation: options.location ?? 'US',
    now,
    pollsUntilDone: options.pollsUntilDone ?? 1,
  };
  const server = createServer((request, response) => {
    handle(state, request, response).catch((error: unknown) => send(response, 500, internal(error).toBody()));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    projectId: options.projectId,
    stats: state.stats,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.exclusive(async () => engine.close());
    },
  };
}

async function handle(state: EmulatorState, raw: IncomingMessage, response: ServerResponse) {
  let endpoint = 'unknown';
  let bytes = 0;
  try {
    const request = await readRequest(raw);
    bytes = request.body.length;
    const matched = matchRoute(ROUTES, request.method, request.path);
    if (!matched) throw new BigQueryApiError('notFound', `Not found: ${request.method} ${request.path}`);
    endpoint = matched.route.endpoint;
    const result = await matched.route.handler(state, request, matched.params);
    const status = result.status ?? 200;
    state.stats.record(endpoint, status, bytes);
    send(response, status, result.body);
  } catch (error) {
    const apiError = error instanceof BigQueryApiError ? error : internal(error);
    state.stats.record(endpoint, apiError.code, bytes);
    send(response, apiError.code, apiError.toBody());
  }
}

function internal(error: unknown): BigQueryApiError {
  return new BigQueryApiError('backendError', error instanceof Error ? error.message : String(error));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (status === 204) {
    response.writeHead(204).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

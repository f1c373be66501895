import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { type Clock, systemClock } from '../../core/clock.ts';
import { TokenRegistry } from './auth.ts';
import { ApiError } from './errors.ts';
import { FaultController, type FaultOptions } from './faults.ts';
import { pause, readBody, sendHtml, sendJson } from './http/io.ts';
import { type RouteMatch, Router } from './http/router.ts';
import { type OAuthAppOptions, OAuthApps } from './oauth.ts';
import { seededRandom } from './random.ts';
import { type RateLimitOptions, RateLimits } from './rate-limits.ts';
import { associationRoutes } from './routes/associations.ts';
import { batchRoutes } from './routes/batch.ts';
import { currencyRoutes } from './routes/currencies.ts';
import { INVALID_VALUE_POLICIES, type InvalidValuePolicy } from './routes/invalid-values.ts';
import { objectRoutes } from './routes/objects.ts';
import { ownerRoutes } from './routes/owners.ts';
import { propertyRoutes } from './routes/properties.ts';
import { searchRoutes } from './routes/search.ts';
import { tokenInfoRoutes } from './routes/token-info.ts';
import { defaultSearchLimits, type SearchLimits } from './search/search.ts';
import { type AssociationPaging, defaultAssociationPaging } from './state/associations.ts';
import { CrmState } from './state/crm-state.ts';
import { EmulatorStats } from './stats.ts';

export const DEFAULT_EMULATOR_TOKEN = 'pat-na1-emulator-token';
/** The emulated portal's account id (Hub ID). */
export const EMULATOR_HUB_ID = 4_010_001;

export interface HubspotEmulatorOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Round-trip network latency added to every request. */
  readonly latencyMs?: number;
  /** HubSpot's limits; `false` switches rate limiting off. */
  readonly rateLimit?: RateLimitOptions | false;
  readonly faults?: FaultOptions;
  /** Time for timestamps, rate windows and token expiry (a virtual clock makes tests instant). */
  readonly clock?: Clock;
  readonly seed?: number;
  /** Accepted private-app tokens (default [DEFAULT_EMULATOR_TOKEN]). */
  readonly tokens?: readonly string[];
  /** OAuth apps whose refresh tokens `POST /oauth/v1/token` accepts. */
  readonly oauthApps?: readonly OAuthAppOptions[];
  /** Batch update with unknown ids: per-record 207 errors (default) or a 400 for the whole call. */
  readonly batchMissingIds?: '207' | '400';
  /**
   * Batch writes with an invalid property value: a 400 for the whole call without record ids
   * (`reject`, default, as HubSpot usually answers), the same 400 naming `context.ids`, or a
   * lenient per-record 207 (focused tests only). See routes/invalid-values.ts.
   */
  readonly batchInvalidValues?: InvalidValuePolicy;
  /** Search limits, and the index lag (10 s by default; `{ indexLagMs: 0 }` makes search instant). */
  readonly search?: Partial<SearchLimits>;
  /**
   * Associations per record per page (HubSpot: 100 in `associations=` blocks of object list/get,
   * 500 in v4 batch read). Tests make them small to exercise paging with few records.
   */
  readonly associationPageSize?: Partial<AssociationPaging>;
  /** Observes every answered request (tests check pacing, e.g. that Retry-After was honoured). */
  readonly onRequest?: (request: ObservedRequest) => void;
}

export interface ObservedRequest {
  readonly method: string;
  readonly endpoint: string;
  readonly status: number;
  /** Emulator clock time the request was admitted or rejected. */
  readonly at: number;
  /** Same token, method, URL and body: a retry of the same request has the same key. */
  readonly key: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HubspotEmulator {
  readonly url: string;
  readonly state: CrmState;
  readonly stats: EmulatorStats;
  readonly faults: FaultController;
  readonly tokens: TokenRegistry;
  readonly oauth: OAuthApps;
  close(): Promise<void>;
}

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).optional(),
  latencyMs: z.number().min(0).optional(),
  seed: z.number().int().optional(),
  batchMissingIds: z.enum(['207', '400']).optional(),
  batchInvalidValues: z.enum(INVALID_VALUE_POLICIES).optional(),
  associationPageSize: z
    .object({ objects: z.number().int().min(1).optional(), batchRead: z.number().int().min(1).optional() })
    .optional(),
});

/** Starts a HubSpot CRM v3/v4 API emulator that the official @hubspot/api-client can talk to. */
export async function startHubspotEmulator(options: HubspotEmulatorOptions = {}): Promise<HubspotEmulator> {
  const checked = optionsSchema.safeParse(options);
  if (!checked.success)
    throw new Error(
      `startHubspotEmulator options: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const clock = options.clock ?? systemClock;
  const random = seededRandom(options.seed ?? 1);
  const state = new CrmState(clock);
  const stats = new EmulatorStats();
  const faults = new FaultController(options.faults ?? {}, random);
  const tokens = new TokenRegistry(options.tokens ?? [DEFAULT_EMULATOR_TOKEN]);
  const oauth = new OAuthApps(tokens, EMULATOR_HUB_ID, options.oauthApps);
  const limits = options.rateLimit === false ? null : new RateLimits(options.rateLimit ?? {}, random);
  const router = new Router();
  const associationPaging = { ...defaultAssociationPaging, ...options.associationPageSize };
  objectRoutes(router, state, associationPaging);
  batchRoutes(router, state, faults, {
    missingIds: options.batchMissingIds ?? '207',
    invalidValues: options.batchInvalidValues ?? 'reject',
  });
  const searchLimits = { ...defaultSearchLimits, ...options.search };
  state.searchIndexLagMs = searchLimits.indexLagMs;
  searchRoutes(router, state, searchLimits);
  propertyRoutes(router, state);
  associationRoutes(router, state, associationPaging);
  ownerRoutes(router, state);
  currencyRoutes(router, state);
  tokenInfoRoutes(router, tokens);

  const latency = options.latencyMs ?? 0;
  const rejected = new Set<string>();
  const sockets = new Set<Socket>();
  const hangs = new Set<NodeJS.Timeout>();
  let baseUrl = '';

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', baseUrl);
    const route = router.match(method, url.pathname);
    const endpoint = route?.endpoint ?? `${method} ${url.pathname}`;
    const raw = await readBody(request);
    await pause(latency / 2);
    const at = state.now();
    const key = createHash('sha1')
      .update(`${request.headers.authorization ?? ''}\n${method} ${url.pathname}${url.search}\n`)
      .update(raw)
      .digest('hex');
    const reply = async (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ): Promise<void> => {
      options.onRequest?.({ method, endpoint, status, at, key, headers });
      await pause(latency / 2);
      stats.record(endpoint, status);
      sendJson(response, status, body, headers);
    };
    const fault = faults.next(method, endpoint);
    if (fault && 'hang' in fault) {
      stats.record(endpoint, 0);
      const timer = setTimeout(() => request.socket.destroy(), fault.ms ?? 2_147_000_000);
      hangs.add(timer);
      response.on('close', () => clearTimeout(timer));
      return;
    }
    if (fault && 'delayMs' in fault) await pause(fault.delayMs);
    if (fault && 'status' in fault) {
      if (fault.body !== undefined) return reply(fault.status, fault.body, { ...fault.headers });
      options.onRequest?.({ method, endpoint, status: fault.status, at, key, headers: { ...fault.headers } });
      await pause(latency / 2);
      stats.record(endpoint, fault.status);
      return sendHtml(response, fault.status, { ...fault.headers });
    }
    // The OAuth endpoints authenticate by their form fields, not by a bearer token.
    const oauthAnswer = oauth.handle(method, url, raw, state.now());
    if (oauthAnswer) return reply(oauthAnswer.status, oauthAnswer.body);
    const auth = tokens.check(request.headers.authorization, state.now());
    if (auth.rejection) return reply(401, auth.rejection);
    if (!route)
      return reply(
        404,
        new ApiError(404, 'OBJECT_NOT_FOUND', `No route for ${method} ${url.pathname}`).body(),
      );
    const admission = limits?.admit(auth.token, route.options.search ? 'search' : 'general', state.now());
    if (admission && !admission.ok) {
      if (rejected.has(key)) stats.rejectedTwice++;
      rejected.add(key);
      return reply(429, admission.body, admission.headers);
    }
    rejected.delete(key);
    const result = run(route, method, url, raw, baseUrl);
    return reply(result.status, result.body, admission?.headers ?? {});
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendJson(response, 500, {
        status: 'error',
        message: (error as Error).message,
        category: 'INTERNAL_ERROR',
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url: baseUrl,
    state,
    stats,
    faults,
    tokens,
    oauth,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of hangs) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function run(
  route: RouteMatch,
  method: string,
  url: URL,
  raw: string,
  baseUrl: string,
): { status: number; body?: unknown } {
  try {
    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        throw new ApiError(
          400,
          'VALIDATION_ERROR',
          'Invalid input JSON on line 1: the body is not valid JSON.',
        );
      }
    }
    return route.handler({
      method,
      path: url.pathname,
      query: url.searchParams,
      params: route.params,
      body,
      baseUrl,
    });
  } catch (error) {
    if (error instanceof ApiError) return { status: error.httpStatus, body: error.body() };
    throw error;
  }
}

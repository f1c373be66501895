import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SnowflakeEngine } from './engine/engine.ts';
import { readBody, sendChunk, sendJson, sessionToken } from './http-io.ts';
import { type LoginOptions, login, type SessionTable } from './login.ts';
import { type QueryRouteContext, queryRequest, queryResult, queryStatus } from './query-routes.ts';
import { chunkBody, QueryResults, type ResultShape } from './results.ts';
import { StageStore } from './stage/stage-store.ts';
import { handleStageStorage, STAGE_STORAGE_PATH } from './stage/stage-upload.ts';
import { SnowflakeEmulatorStats, type SnowflakeEndpoint } from './stats.ts';

export interface SnowflakeEmulatorOptions {
  readonly port?: number;
  readonly host?: string;
  readonly account?: string;
  /** user -> password; when omitted any user with a non-empty password (or a key-pair JWT) logs in. */
  readonly users?: Readonly<Record<string, string>>;
  /** Rows sent inline in a query response before the rest is split into chunks (default 1000). */
  readonly inlineRows?: number;
  /** Rows per result chunk (default 10000). */
  readonly chunkRows?: number;
  /** How many polls each query reports "in progress" (code 333333) before its result (default 0). */
  readonly pendingPolls?: number;
}

export interface SnowflakeEmulator {
  readonly url: string;
  readonly account: string;
  readonly stats: SnowflakeEmulatorStats;
  close(): Promise<void>;
}

const SESSION_GONE = {
  success: false,
  code: '390104',
  message: 'Session no longer exists. New login required to access the service.',
  data: null,
};

function endpointOf(method: string, path: string): SnowflakeEndpoint {
  if (path === '/session/v1/login-request') return 'login';
  if (path === '/session/token-request') return 'tokenRequest';
  if (path === '/session/heartbeat') return 'heartbeat';
  if (path === '/session') return 'logout';
  if (path === '/telemetry/send') return 'telemetry';
  if (path === '/queries/v1/query-request') return 'query';
  if (path === '/queries/v1/abort-request') return 'abort';
  if (method === 'GET' && /^\/queries\/[^/]+\/result$/.test(path)) return 'queryResult';
  if (method === 'GET' && path.startsWith('/monitoring/queries/')) return 'queryStatus';
  if (method === 'GET' && path.startsWith('/chunks/')) return 'chunk';
  if (path.startsWith(`${STAGE_STORAGE_PATH}/`)) return 'stageStorage';
  return 'unknown';
}

/**
 * Snowflake's HTTP protocol as snowflake-sdk speaks it (login, JSON query results with chunks,
 * binds and array binds, in-progress and async queries, heartbeat, logout), executing SQL on
 * DuckDB. Point the driver at it with `accessUrl: emulator.url`.
 */
export async function startSnowflakeEmulator(
  options: SnowflakeEmulatorOptions = {},
): Promise<SnowflakeEmulator> {
  const engine = await SnowflakeEngine.create();
  const stats = new SnowflakeEmulatorStats();
  const sessions: SessionTable = new Map();
  const results = new QueryResults();
  const stages = new StageStore();
  const account = options.account ?? 'scorebridge_emulator';
  const shape: ResultShape = {
    inlineRows: options.inlineRows ?? 1000,
    chunkRows: options.chunkRows ?? 10_000,
  };
  let baseUrl = '';
  const context: QueryRouteContext = {
    results,
    shape,
    pendingPolls: options.pendingPolls ?? 0,
    chunkUrl: (queryId, index) => `${baseUrl}/chunks/${queryId}/${index}`,
    stats,
    stages,
    storageEndpoint: () => `${baseUrl}${STAGE_STORAGE_PATH}`,
  };
  const loginOptions: LoginOptions = { account, ...(options.users ? { users: options.users } : {}) };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://emulator');
    const method = request.method ?? 'GET';
    const endpoint = endpointOf(method, url.pathname);
    stats.count(endpoint);
    if (endpoint === 'stageStorage')
      return handleStageStorage(stages, stats, request, response, url.pathname);
    const body = method === 'POST' ? await readBody(request) : {};
    if (endpoint === 'login')
      return sendJson(response, 200, await login(engine, sessions, url, body, loginOptions));
    if (endpoint === 'chunk') {
      const [, , queryId, index] = url.pathname.split('/');
      const stored = results.get(queryId ?? '');
      const text = stored?.result ? chunkBody(stored.result, shape, Number(index)) : null;
      return text === null
        ? sendJson(response, 404, { message: 'no such chunk' })
        : sendChunk(response, text);
    }
    if (endpoint === 'telemetry') return sendJson(response, 200, { success: true, data: null });
    const token = sessionToken(request);
    const session = token ? sessions.get(token) : undefined;
    if (!token || !session) return sendJson(response, 401, SESSION_GONE);
    switch (endpoint) {
      case 'heartbeat':
      case 'abort':
        return sendJson(response, 200, { success: true, data: null, code: null, message: null });
      case 'tokenRequest':
        return sendJson(response, 200, {
          success: true,
          data: {
            sessionToken: token,
            validityInSeconds: 3600,
            masterToken: token,
            masterValidityInSeconds: 14_400,
          },
        });
      case 'logout':
        sessions.delete(token);
        results.dropSession(token);
        stages.dropSession(token);
        session.close();
        return sendJson(response, 200, { success: true, data: null, code: null, message: null });
      case 'query':
        return sendJson(response, 200, await queryRequest(context, token, session, body));
      case 'queryResult':
        return sendJson(response, 200, queryResult(context, session, url.pathname.split('/')[2] ?? ''));
      case 'queryStatus':
        return sendJson(response, 200, queryStatus(context, url.pathname.split('/')[3] ?? ''));
      default:
        return sendJson(response, 404, {
          success: false,
          code: '000404',
          message: `unknown endpoint ${method} ${url.pathname}`,
        });
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const tooLarge = error instanceof Error && error.constructor.name === 'PayloadTooLarge';
      sendJson(response, tooLarge ? 413 : 400, {
        success: false,
        code: '000400',
        message: String(error),
        data: null,
      });
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const address = server.address() as AddressInfo;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${address.port}`;
  return {
    url: baseUrl,
    account,
    stats,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions.values()) session.close();
      sessions.clear();
      engine.close();
    },
  };
}

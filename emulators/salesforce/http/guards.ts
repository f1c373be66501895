import { setTimeout as delay } from 'node:timers/promises';
import type { NextFunction, Request, Response } from 'express';
import type { OrgState } from '../org-state.ts';
import { classifyEndpoint } from './endpoints.ts';
import { sendError } from './errors.ts';

export interface GuardSettings {
  readonly latencyMs: number;
  /** Requests processed at once before the org answers ConcurrentPerOrgLongTxn. */
  readonly concurrency: number;
  /** Versions the org serves, like "66.0". */
  readonly versions: ReadonlySet<string>;
}

/**
 * What every /services/data/vXX.X request goes through, in the order a real org applies it:
 * statistics, latency, the concurrency cap, injected faults, the session check, the daily
 * allowance (with the Sforce-Limit-Info header) and the version check.
 */
export function apiGuards(state: OrgState, settings: GuardSettings) {
  let inFlight = 0;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const endpoint = classifyEndpoint(req.method, req.path);
    res.locals.endpoint = endpoint;
    state.stats.recordRequest(endpoint);
    res.on('finish', () => state.stats.recordStatus(endpoint, res.statusCode));
    inFlight++;
    let released = false;
    const release = () => {
      if (!released) inFlight--;
      released = true;
    };
    res.on('close', release);
    res.on('finish', release);

    if (inFlight > settings.concurrency) {
      state.stats.rejectedConcurrency++;
      sendError(res, 403, 'REQUEST_LIMIT_EXCEEDED', 'ConcurrentPerOrgLongTxn Limit exceeded.');
      return;
    }
    if (settings.latencyMs > 0) await delay(settings.latencyMs);

    const fault = state.faults.pick(endpoint, req.method);
    if (fault) {
      state.stats.injectedFaults++;
      switch (fault.kind) {
        case 'status':
          sendError(
            res,
            fault.status,
            fault.errorCode ?? defaultCode(fault.status),
            fault.message ?? defaultMessage(fault.status),
          );
          return;
        case 'timeout':
          await delay(fault.hangMs);
          req.socket.destroy();
          return;
        case 'expire-session':
          state.sessions.expireAll();
          break;
        case 'exhaust-quota':
          state.usage.spend(state.usage.remaining());
          break;
        case 'latency':
          await delay(fault.ms);
          break;
      }
    }

    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !state.sessions.isValid(token)) {
      sendError(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
      return;
    }
    if (!state.usage.tryConsume()) {
      state.stats.rejectedQuota++;
      res.set('Sforce-Limit-Info', state.usage.header());
      sendError(res, 403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
      return;
    }
    state.stats.apiCalls++;
    res.set('Sforce-Limit-Info', state.usage.header());

    const version = String(req.params.version ?? '').replace(/^v/, '');
    // A version the org does not serve (too new, or retired) is an unknown resource: 404 NOT_FOUND,
    // per the REST API Developer Guide, "Status Codes and Error Responses"; clients list the served
    // ones with the Versions resource (`GET /services/data/`).
    if (!settings.versions.has(version)) {
      sendError(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
      return;
    }
    res.locals.apiVersion = version;
    next();
  };
}

function defaultCode(status: number): string {
  if (status === 503) return 'SERVER_UNAVAILABLE';
  if (status >= 500) return 'UNKNOWN_EXCEPTION';
  return 'BAD_REQUEST';
}

function defaultMessage(status: number): string {
  if (status === 503) return 'Server temporarily unavailable, please retry.';
  if (status >= 500)
    return 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)';
  return 'Bad request';
}

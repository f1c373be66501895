import { Connection, type QueryResult, type Record as SfRecord } from 'jsforce';
import type { Clock } from '../../core/clock.ts';
import { ConnectorError } from '../../core/connectors/destination.ts';
import { type RetryPolicy, withRetries } from '../../core/limits/retry-budget.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { Logger } from '../../core/logger.ts';
import { checkApiVersion } from './api-version.ts';
import type { SalesforceConnectorConfig } from './config.ts';
import { classifySalesforceError, DailyLimitError } from './errors.ts';
import { type OrgLimits, orgLimitsFor } from './org-limits.ts';

/** Salesforce never returns more than 2,000 rows per query page. */
const MAX_PAGE = 2000;
/** How stale a spent allowance may get before one request checks again. */
const QUOTA_RECHECK_MS = 15 * 60_000;
const DISPATCH_TURNS = 5;

export interface SalesforceClientDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** The org's shared limits; looked up by instance URL when absent. */
  readonly limits?: OrgLimits;
  /** Limits shared with every process using the org (a Postgres store). */
  readonly sharedLimits?: CrmLimits;
}

/** What this client spent, for logs, benchmarks and tests. */
export interface ClientUsage {
  /** Logical API calls (a call retried three times counts once here). */
  readonly calls: number;
  /** Attempts including our retries. */
  readonly attempts: number;
  /** Calls refused at least once with a retryable error, and at least twice. */
  readonly rejectedOnce: number;
  readonly rejectedTwice: number;
  readonly tokenRefreshes: number;
  /** Logical calls by operation ("query", "queryMore", "bulk query results", ...). */
  readonly byOperation: Readonly<Record<string, number>>;
  readonly apiUsage: { readonly used: number; readonly limit: number } | null;
}

export interface CallOptions {
  /** Safe to repeat (reads; writes made idempotent by their content or an external id). Default true. */
  readonly idempotent?: boolean;
}

/**
 * jsforce behind our own limits and retries. Every call waits for a slot in the org's p-queue,
 * checks the daily allowance (kept current from Sforce-Limit-Info), and is retried by kind on
 * separate budgets: jsforce itself never retries POST/PATCH and treats a 403 quota answer as
 * final. An expired session is renewed once through the refresh token; a session rejected
 * again before any call succeeded stops the job with an `auth` error instead of looping.
 */
export class SalesforceClient {
  readonly connection: Connection;
  readonly #config: SalesforceConnectorConfig;
  readonly #deps: SalesforceClientDeps;
  readonly #limits: OrgLimits;
  readonly #policy: RetryPolicy;
  #refreshedSinceSuccess = false;
  #calls = 0;
  #attempts = 0;
  #rejectedOnce = 0;
  #rejectedTwice = 0;
  #tokenRefreshes = 0;
  #userId: string | null = null;
  readonly #byOperation: Record<string, number> = {};
  #versionCheck: Promise<void> | null = null;

  constructor(config: SalesforceConnectorConfig, deps: SalesforceClientDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#limits = deps.limits ?? orgLimitsFor(config.instanceUrl, config.limits, deps.sharedLimits);
    this.#policy = config.retry;
    const { auth } = config;
    this.connection = new Connection({
      instanceUrl: config.instanceUrl,
      loginUrl: config.loginUrl,
      version: config.apiVersion,
      refreshToken: auth.refreshToken.reveal(),
      oauth2: {
        clientId: auth.clientId,
        clientSecret: auth.clientSecret.reveal(),
        loginUrl: config.loginUrl,
      },
      refreshFn: (conn, callback) => {
        if (this.#refreshedSinceSuccess) {
          callback(
            new Error('the new session was rejected as well (INVALID_SESSION_ID right after a refresh)'),
          );
          return;
        }
        this.#refreshedSinceSuccess = true;
        this.#tokenRefreshes++;
        conn.oauth2.refreshToken(auth.refreshToken.reveal()).then(
          (token) => {
            // The identity URL ends in the user's id: https://login.salesforce.com/id/{orgId}/{userId}.
            const userId = /\/id\/[^/]+\/([a-zA-Z0-9]{15,18})$/.exec(String(token.id ?? ''))?.[1];
            if (userId) this.#userId = userId;
            callback(null, token.access_token, token);
          },
          (error: Error) => callback(error),
        );
      },
    });
    // jsforce's default timeout is 30 minutes per request; a stalled gateway should fail fast and be retried.
    const request = this.connection.request.bind(this.connection);
    const timeout = config.requestTimeoutMs;
    this.connection.request = ((req: Parameters<Connection['request']>[0], options: object = {}) =>
      request(req, { timeout, ...options })) as Connection['request'];
  }

  /** Waits between polls with the injected sleep (tests and benchmarks need not wait for real). */
  pause(ms: number): Promise<void> {
    return (this.#deps.sleep ?? realSleep)(ms);
  }

  /** The integration user's id, known once a session was issued. */
  userId(): string | null {
    return this.#userId;
  }

  get limits(): OrgLimits {
    return this.#limits;
  }

  usage(): ClientUsage {
    const info = this.connection.limitInfo.apiUsage;
    return {
      calls: this.#calls,
      attempts: this.#attempts,
      rejectedOnce: this.#rejectedOnce,
      rejectedTwice: this.#rejectedTwice,
      tokenRefreshes: this.#tokenRefreshes,
      byOperation: { ...this.#byOperation },
      apiUsage: info ? { used: info.used, limit: info.limit } : null,
    };
  }

  /** Runs one API call through the org's queue, quota check, error classification and retries. */
  async call<T>(
    operation: string,
    fn: (connection: Connection) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    this.#versionCheck ??= checkApiVersion(this.connection, this.#config.apiVersion).catch(
      (error: unknown) => {
        // A failed look-up (network) is tried again by the next call; an unserved version stays an error.
        if (!(error instanceof ConnectorError)) this.#versionCheck = null;
        throw error;
      },
    );
    await this.#versionCheck;
    this.#calls++;
    const kind = operation.startsWith('describe ') ? 'describe' : operation;
    this.#byOperation[kind] = (this.#byOperation[kind] ?? 0) + 1;
    let rejections = 0;
    const attempt = () =>
      this.#limits.schedule(async () => {
        await this.#limits.quota.refresh();
        this.#checkQuota(operation);
        this.#attempts++;
        try {
          const result = await fn(this.connection);
          this.#refreshedSinceSuccess = false;
          return result;
        } catch (error) {
          const classified = classifySalesforceError(error, operation);
          if (classified.retryable) {
            rejections++;
            if (rejections === 1) this.#rejectedOnce++;
            if (rejections === 2) this.#rejectedTwice++;
          }
          throw classified;
        } finally {
          this.#observeUsage();
        }
      });
    if (options.idempotent === false) return attempt();
    return withRetries(attempt, this.#policy, {
      clock: this.#deps.clock,
      sleep: this.#deps.sleep ?? realSleep,
      random: this.#deps.random ?? Math.random,
      onRetry: ({ attempt: number, kind, delayMs, error }) =>
        this.#deps.logger.warn(
          { operation, attempt: number, kind, delayMs, error: error.message },
          'retrying Salesforce call',
        ),
    });
  }

  /**
   * A SOQL query page by page (each page is one call); `scanAll` is queryAll (deleted rows too).
   * The next page is requested while the caller stores the current one, so network latency
   * overlaps local work instead of adding to it.
   */
  async *queryPages(soql: string, options: { scanAll: boolean }): AsyncGenerator<QueryResult<SfRecord>> {
    const headers = { 'Sforce-Query-Options': `batchSize=${this.#config.pageSize}` };
    const more = (locator: string) =>
      this.call('queryMore', (conn) =>
        Promise.resolve(
          conn.queryMore<SfRecord>(locator, {
            headers,
            autoFetch: false,
            maxFetch: MAX_PAGE,
            scanAll: false,
            responseTarget: 'QueryResult',
          }),
        ),
      );
    let current = this.call(options.scanAll ? 'queryAll' : 'query', (conn) =>
      Promise.resolve(conn.query<SfRecord>(soql, { scanAll: options.scanAll, autoFetch: false, headers })),
    );
    for (;;) {
      const page = await current;
      const next = !page.done && page.nextRecordsUrl ? more(page.nextRecordsUrl) : null;
      // A caller that stops early (a killed sync) leaves the prefetch unawaited; its failure is moot.
      next?.catch(() => undefined);
      // Give jsforce and undici a few event-loop turns to put the request on the socket before the
      // caller's synchronous work (mapping, SQLite) blocks the loop; one turn is not enough (measured).
      if (next)
        for (let turn = 0; turn < DISPATCH_TURNS; turn++)
          await new Promise<void>((resolve) => setImmediate(resolve));
      yield page;
      if (!next) return;
      current = next;
    }
  }

  /** Field names of an object as the integration user sees them. */
  async describeFields(
    object: string,
  ): Promise<{ name: string; type: string; scale: number; updateable: boolean; calculated: boolean }[]> {
    const described = await this.call(`describe ${object}`, (conn) => conn.describe(object));
    return described.fields.map((field) => ({
      name: field.name,
      type: field.type,
      scale: field.scale,
      updateable: field.updateable,
      calculated: field.calculated,
    }));
  }

  #checkQuota(operation: string): void {
    const { quota } = this.#limits;
    if (quota.available() > 0) return;
    // The allowance is a rolling 24 hours: after a while one request is let through to learn what freed up.
    if (this.#deps.clock.now().getTime() - this.#limits.observedAt >= QUOTA_RECHECK_MS) return;
    const { limit, remaining } = quota.snapshot();
    throw new DailyLimitError(
      `Salesforce ${operation}: stopped before using the reserve of the daily API allowance ` +
        `(${remaining ?? '?'} of ${limit ?? '?'} requests left; limits.reserveFraction=${this.#config.limits.reserveFraction}). ` +
        'The sync resumes from its checkpoint once the rolling 24-hour window frees requests.',
    );
  }

  #observeUsage(): void {
    const info = this.connection.limitInfo.apiUsage;
    if (!info) return;
    this.#limits.quota.observe(info.limit, info.limit - info.used);
    this.#limits.observedAt = this.#deps.clock.now().getTime();
  }
}

import { createHash } from 'node:crypto';
import PQueue from 'p-queue';
import type { Clock } from '../../../core/clock.ts';
import { MemoryCrmLimits } from '../../../core/limits/memory-limits.ts';
import type { CrmLimits, QuotaTracker, RequestLimiter } from '../../../core/limits/shared-limits.ts';
import type { HubspotLimits } from '../plan-limits.ts';
import { DailyQuotaError, header, msUntilMidnight } from './errors.ts';

export type RequestKind = 'general' | 'search';

/** Successful requests after a 429 before the full concurrency comes back. */
const RECOVERY_SUCCESSES = 20;

/**
 * One HubSpot account's request budget, shared by every connector using the account: a p-queue
 * for concurrency (HubSpot's limit is per account, not per connector) plus rolling-window limiters
 * for the ten-second and search limits. p-queue's own `interval` is a fixed window, which can let
 * twice the limit through across a window edge; HubSpot's window rolls, so RollingWindowLimiter
 * paces the starts. After a 429 every request waits out the pause and concurrency drops to one
 * until the account proves healthy again, so a retry storm cannot re-trigger the limit.
 */
export class AccountThrottle {
  readonly limits: HubspotLimits;
  readonly quota: QuotaTracker;
  readonly #clock: Clock;
  readonly #queue: PQueue;
  readonly #general: RequestLimiter;
  readonly #search: RequestLimiter;
  #recovering = 0;
  /** Requests sent whose answers (and quota headers) have not arrived yet. */
  #inFlight = 0;

  /**
   * `shared` holds the account's limiters and quota (in Postgres when several processes use the
   * account, under `accountKey`); the concurrency queue stays per process.
   */
  constructor(
    limits: HubspotLimits,
    clock: Clock,
    sleep: (ms: number) => Promise<void>,
    account: { readonly shared: CrmLimits; readonly key: string } = {
      shared: new MemoryCrmLimits(clock, sleep),
      key: 'hubspot',
    },
  ) {
    this.limits = limits;
    this.#clock = clock;
    this.quota = account.shared.dailyQuota(account.key, limits.dailyReserve);
    this.quota.observe(limits.daily, undefined);
    this.#queue = new PQueue({ concurrency: limits.concurrency });
    this.#general = account.shared.windowLimiter(`${account.key}:ten-secondly`, {
      limit: limits.perTenSeconds,
      windowMs: 10_000 + limits.windowMarginMs,
    });
    this.#search = account.shared.windowLimiter(`${account.key}:search`, {
      limit: limits.searchPerSecond,
      windowMs: 1000 + Math.min(100, limits.windowMarginMs),
    });
  }

  /** Runs one request when the account has room for it. */
  run<T>(kind: RequestKind, request: () => Promise<T>): Promise<T> {
    return this.#queue.add(async () => {
      await this.quota.refresh();
      if (this.quota.available() - this.#inFlight <= 0) {
        const { limit, remaining } = this.quota.snapshot();
        throw new DailyQuotaError(
          `HubSpot daily API quota reserve reached (${remaining} of ${limit} left, ${Math.round(this.limits.dailyReserve * 100)}% kept for other integrations); the job resumes after the daily reset.`,
          {
            kind: 'rate_limited',
            retryAfterMs: msUntilMidnight(this.#clock.now(), this.limits.accountTimeZone),
          },
        );
      }
      if (kind === 'search') await this.#search.acquire();
      await this.#general.acquire();
      this.#inFlight++;
      try {
        const result = await request();
        this.#succeeded();
        return result;
      } finally {
        this.#inFlight--;
      }
    });
  }

  /** HubSpot said "slow down": nobody on the account starts a request for `ms`. */
  backOff(kind: RequestKind, ms: number): void {
    (kind === 'search' ? this.#search : this.#general).pause(ms);
    this.#queue.concurrency = 1;
    this.#recovering = RECOVERY_SUCCESSES;
  }

  /** Reads the daily quota headers HubSpot sends with every non-search answer. */
  observe(headers: unknown): void {
    const limit = header(headers, 'x-hubspot-ratelimit-daily');
    const remaining = header(headers, 'x-hubspot-ratelimit-daily-remaining');
    if (limit !== undefined || remaining !== undefined) {
      this.quota.observe(
        limit === undefined ? undefined : Number(limit),
        remaining === undefined ? undefined : Number(remaining),
      );
    }
  }

  #succeeded(): void {
    if (this.#recovering <= 0) return;
    this.#recovering--;
    if (this.#recovering === 0) this.#queue.concurrency = this.limits.concurrency;
  }
}

const throttles = new WeakMap<object, Map<string, AccountThrottle>>();

/**
 * The throttle of the account behind `token` at `baseUrl`, created on first use. Connectors of the
 * same account (a source and a destination, or two configs) share it; the key is a hash, so the
 * token itself is not kept in a map. With `shared` limits (a Postgres store) the account's
 * windows and daily quota are also shared with every other process under that key.
 */
export function accountThrottle(
  baseUrl: string,
  token: string,
  limits: HubspotLimits,
  clock: Clock,
  sleep: (ms: number) => Promise<void>,
  shared?: CrmLimits,
): AccountThrottle {
  const owner: object = shared ?? clock;
  let byAccount = throttles.get(owner);
  if (!byAccount) {
    byAccount = new Map();
    throttles.set(owner, byAccount);
  }
  const key = `hubspot:${createHash('sha256').update(`${baseUrl}\n${token}`).digest('hex')}`;
  let throttle = byAccount.get(key);
  if (!throttle) {
    throttle = new AccountThrottle(limits, clock, sleep, {
      shared: shared ?? new MemoryCrmLimits(clock, sleep),
      key,
    });
    byAccount.set(key, throttle);
  }
  return throttle;
}

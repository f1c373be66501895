import PQueue from 'p-queue';
import { DailyQuota } from '../../core/limits/daily-quota.ts';
import type { CrmLimits, QuotaTracker, RequestLimiter } from '../../core/limits/shared-limits.ts';
import type { SalesforceConnectorConfig } from './config.ts';

/**
 * Everything that rations one org's API: a p-queue bounding requests in flight (and optionally
 * per second) and the daily allowance with its reserve. Source and destination of the same org
 * share one, so a write-back cannot starve a sync of the quota it counts on.
 */
export class OrgLimits {
  readonly queue: PQueue;
  readonly quota: QuotaTracker;
  /** When the quota was last learnt from a response (epoch ms). */
  observedAt = 0;
  /** Requests per second across every process, when limits are shared (else the queue paces them). */
  readonly #perSecond: RequestLimiter | undefined;

  /**
   * With `org.shared` (a Postgres store) the daily allowance and the requests-per-second pace are
   * the org's across every process, under `org.key`; concurrency stays per process.
   */
  constructor(
    limits: SalesforceConnectorConfig['limits'],
    org?: { readonly shared: CrmLimits; readonly key: string },
  ) {
    const perSecond = limits.requestsPerSecond ? Math.max(1, Math.round(limits.requestsPerSecond)) : 0;
    this.queue = new PQueue({
      concurrency: limits.concurrency,
      ...(perSecond > 0 && !org ? { intervalCap: perSecond, interval: 1000 } : {}),
    });
    this.#perSecond =
      perSecond > 0 && org
        ? org.shared.windowLimiter(`${org.key}:per-second`, { limit: perSecond, windowMs: 1000 })
        : undefined;
    this.quota = org
      ? org.shared.dailyQuota(org.key, limits.reserveFraction)
      : new DailyQuota(limits.reserveFraction);
    if (limits.dailyApiRequests !== undefined) this.quota.observe(limits.dailyApiRequests, undefined);
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    const perSecond = this.#perSecond;
    if (!perSecond) return this.queue.add(task);
    return this.queue.add(async () => {
      await perSecond.acquire();
      return task();
    });
  }
}

const byOrg = new WeakMap<object, Map<string, OrgLimits>>();
const processOwned = {};

/**
 * The shared limits of an org (keyed by instance URL); the first connector to ask sizes them.
 * With `shared` limits (a Postgres store) they are the org's across every process.
 */
export function orgLimitsFor(
  instanceUrl: string,
  limits: SalesforceConnectorConfig['limits'],
  shared?: CrmLimits,
): OrgLimits {
  const key = `salesforce:${instanceUrl.replace(/\/+$/, '').toLowerCase()}`;
  const owner = shared ?? processOwned;
  let orgs = byOrg.get(owner);
  if (!orgs) {
    orgs = new Map();
    byOrg.set(owner, orgs);
  }
  let found = orgs.get(key);
  if (!found) {
    found = new OrgLimits(limits, shared ? { shared, key } : undefined);
    orgs.set(key, found);
  }
  return found;
}

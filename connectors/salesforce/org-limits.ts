import PQueue from 'p-queue';
import { DailyQuota } from '../../core/limits/daily-quota.ts';
import type { SalesforceConnectorConfig } from './config.ts';

/**
 * Everything that rations one org's API: a p-queue bounding requests in flight (and optionally
 * per second) and the daily allowance with its reserve. Source and destination of the same org
 * share one, so a write-back cannot starve a sync of the quota it counts on.
 */
export class OrgLimits {
  readonly queue: PQueue;
  readonly quota: DailyQuota;
  /** When the quota was last learnt from a response (epoch ms). */
  observedAt = 0;

  constructor(limits: SalesforceConnectorConfig['limits']) {
    this.queue = new PQueue({
      concurrency: limits.concurrency,
      ...(limits.requestsPerSecond
        ? { intervalCap: Math.max(1, Math.round(limits.requestsPerSecond)), interval: 1000 }
        : {}),
    });
    this.quota = new DailyQuota(limits.reserveFraction);
    if (limits.dailyApiRequests !== undefined) this.quota.observe(limits.dailyApiRequests, undefined);
  }

  schedule<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.add(task);
  }
}

const byOrg = new Map<string, OrgLimits>();

/** The shared limits of an org (keyed by instance URL); the first connector to ask sizes them. */
export function orgLimitsFor(instanceUrl: string, limits: SalesforceConnectorConfig['limits']): OrgLimits {
  const key = instanceUrl.replace(/\/+$/, '').toLowerCase();
  let found = byOrg.get(key);
  if (!found) {
    found = new OrgLimits(limits);
    byOrg.set(key, found);
  }
  return found;
}

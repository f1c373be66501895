import { type Clock, systemClock } from '../../core/clock.ts';
import type { CrmLimits } from '../../core/limits/shared-limits.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { HubspotApiDeps } from './api/client.ts';

/** What a HubSpot connector takes from its surroundings; tests pass a virtual clock and sleep. */
export interface HubspotDeps {
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source for backoff. */
  readonly random?: () => number;
  /** Limits shared with every process using the account (a Postgres store). */
  readonly sharedLimits?: CrmLimits;
}

export function resolveDeps(deps: HubspotDeps = {}): HubspotApiDeps {
  return {
    clock: deps.clock ?? systemClock,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
    ...(deps.sharedLimits ? { sharedLimits: deps.sharedLimits } : {}),
  };
}

import { type Clock, systemClock } from '../../core/clock.ts';
import { realSleep } from '../../core/limits/sleep.ts';
import type { HubspotApiDeps } from './api/client.ts';

/** What a HubSpot connector takes from its surroundings; tests pass a virtual clock and sleep. */
export interface HubspotDeps {
  readonly clock?: Clock;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source for backoff. */
  readonly random?: () => number;
}

export function resolveDeps(deps: HubspotDeps = {}): HubspotApiDeps {
  return {
    clock: deps.clock ?? systemClock,
    sleep: deps.sleep ?? realSleep,
    random: deps.random ?? Math.random,
  };
}

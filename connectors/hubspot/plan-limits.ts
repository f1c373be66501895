/**
 * HubSpot API limits per subscription tier for private apps (developers.hubspot.com usage
 * guidelines): requests per rolling 10 s per app, requests per day per account, and the CRM search
 * limit. Config can override each number, since HubSpot has published different figures.
 */
export const hubspotPlans = ['free', 'starter', 'professional', 'enterprise'] as const;
export type HubspotPlan = (typeof hubspotPlans)[number];

export interface HubspotLimits {
  readonly perTenSeconds: number;
  readonly daily: number;
  readonly searchPerSecond: number;
  /** Requests in flight at once per account. */
  readonly concurrency: number;
  /** Share of the daily quota left for other integrations on the account. */
  readonly dailyReserve: number;
  /** IANA zone whose midnight resets the daily quota (the account's time zone). */
  readonly accountTimeZone: string;
  /**
   * Margin added to our 10-s window: HubSpot counts arrival times and we count start times, so a
   * request that left late must not let the next window open early.
   */
  readonly windowMarginMs: number;
}

const base: Record<HubspotPlan, Pick<HubspotLimits, 'perTenSeconds' | 'daily'>> = {
  free: { perTenSeconds: 100, daily: 250_000 },
  starter: { perTenSeconds: 100, daily: 250_000 },
  professional: { perTenSeconds: 190, daily: 625_000 },
  enterprise: { perTenSeconds: 190, daily: 1_000_000 },
};

export function limitsForPlan(plan: HubspotPlan, overrides: Partial<HubspotLimits> = {}): HubspotLimits {
  const perTenSeconds = overrides.perTenSeconds ?? base[plan].perTenSeconds;
  return {
    perTenSeconds,
    daily: overrides.daily ?? base[plan].daily,
    searchPerSecond: overrides.searchPerSecond ?? 5,
    // Enough parallel requests to fill the window at ~50-100 ms round trips, no more.
    concurrency: overrides.concurrency ?? Math.max(2, Math.ceil(perTenSeconds / 10)),
    dailyReserve: overrides.dailyReserve ?? 0.1,
    accountTimeZone: overrides.accountTimeZone ?? 'UTC',
    windowMarginMs: overrides.windowMarginMs ?? 250,
  };
}

import type { QuotaTracker } from './shared-limits.ts';

/**
 * Daily API quota awareness: keeps a reserve for other integrations sharing the account and
 * stops a job before the provider cuts everyone off. Fed from response headers
 * (X-HubSpot-RateLimit-Daily-Remaining, Salesforce Sforce-Limit-Info).
 */
export class DailyQuota implements QuotaTracker {
  #limit: number | undefined;
  #remaining: number | undefined;
  readonly #reserveFraction: number;

  constructor(reserveFraction = 0.1) {
    this.#reserveFraction = reserveFraction;
  }

  observe(limit: number | undefined, remaining: number | undefined): void {
    if (limit !== undefined && Number.isFinite(limit)) this.#limit = limit;
    if (remaining !== undefined && Number.isFinite(remaining)) this.#remaining = remaining;
  }

  /** Requests we may still spend today without eating the reserve; Infinity when unknown. */
  available(): number {
    if (this.#remaining === undefined) return Number.POSITIVE_INFINITY;
    const reserve = this.#limit === undefined ? 0 : Math.ceil(this.#limit * this.#reserveFraction);
    return Math.max(0, this.#remaining - reserve);
  }

  snapshot(): { limit: number | undefined; remaining: number | undefined } {
    return { limit: this.#limit, remaining: this.#remaining };
  }

  /** One process holds the only copy: nothing to exchange. */
  refresh(): Promise<void> {
    return Promise.resolve();
  }
}

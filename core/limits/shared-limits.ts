/**
 * The limits and "seen before" state that must hold for a whole deployment, not for one process.
 * With one process (the SQLite store) the in-memory classes implement them; with a Postgres store
 * every worker and API replica shares one copy through the database (core/limits/postgres/).
 */

/** Paces request starts ("at most N in any W ms"); RollingWindowLimiter is the in-process one. */
export interface RequestLimiter {
  /** Resolves when one more request may start. */
  acquire(): Promise<void>;
  /** A server said "slow down": no request starts before `ms` from now. */
  pause(ms: number): void;
}

/** A provider's daily allowance as its response headers report it, with a reserve kept back. */
export interface QuotaTracker {
  observe(limit: number | undefined, remaining: number | undefined): void;
  /** Requests we may still spend today without eating the reserve; Infinity when unknown. */
  available(): number;
  snapshot(): { limit: number | undefined; remaining: number | undefined };
  /** Takes in what other processes observed (and sends what this one observed); immediate in memory. */
  refresh(): Promise<void>;
}

/**
 * Hands out the limiters and quotas of CRM accounts. The key names the account (a HubSpot portal,
 * a Salesforce org), so connectors of one account share and two accounts never do.
 */
export interface CrmLimits {
  windowLimiter(key: string, window: { limit: number; windowMs: number }): RequestLimiter;
  dailyQuota(key: string, reserveFraction: number): QuotaTracker;
}

/** Remembers keys until they expire: the webhook replay cache and event de-duplication. */
export interface OnceKeys {
  /** Adds every key not already present and unexpired; returns the ones added (first sightings). */
  addFresh(keys: readonly string[], expiresAtMs: number, nowMs: number): Promise<string[]>;
}

/** Token buckets per id (API key, client address): `perMinute` tokens refilled continuously. */
export interface RateBuckets {
  readonly perMinute: number;
  /** Takes one token; 0 when allowed, else the whole seconds until a token is available. */
  take(id: string): Promise<number>;
}

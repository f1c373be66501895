import type { Clock } from '../../core/clock.ts';

export interface ConnectedApp {
  readonly clientId: string;
  readonly clientSecret: string;
}

/**
 * OAuth state of the org: the connected app, the refresh tokens it issued and the access tokens
 * (sessions) in use. Sessions expire after `ttlMs` of clock time, or all at once on request
 * (a password reset or an admin revoking sessions mid-sync).
 */
export class Sessions {
  readonly app: ConnectedApp;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #orgId: string;
  readonly #tokens = new Map<string, number>();
  readonly #refreshTokens = new Set<string>();
  #counter = 0;

  constructor(options: {
    app: ConnectedApp;
    clock: Clock;
    ttlMs: number;
    orgId: string;
    refreshTokens: string[];
  }) {
    this.app = options.app;
    this.#clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#orgId = options.orgId;
    for (const token of options.refreshTokens) this.#refreshTokens.add(token);
  }

  issue(): string {
    this.#counter++;
    const token = `${this.#orgId.slice(0, 15)}!AQ${this.#counter.toString(36).padStart(6, '0')}.emulated.session`;
    this.#tokens.set(token, this.#clock.now().getTime() + this.#ttlMs);
    return token;
  }

  isValid(token: string): boolean {
    const expiresAt = this.#tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.#clock.now().getTime();
  }

  isRefreshToken(token: string): boolean {
    return this.#refreshTokens.has(token);
  }

  addRefreshToken(token: string): void {
    this.#refreshTokens.add(token);
  }

  revokeRefreshToken(token: string): void {
    this.#refreshTokens.delete(token);
  }

  /** Ends every session: the next request with an old token gets 401 INVALID_SESSION_ID. */
  expireAll(): void {
    this.#tokens.clear();
  }
}

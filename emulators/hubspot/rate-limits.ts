import { randomUUID } from 'node:crypto';

export interface RateLimitOptions {
  /** Requests per rolling 10 s per app (token): Free/Starter 100, Professional/Enterprise 190. */
  readonly perTenSeconds?: number;
  /** Requests per day per account: 250k / 625k / 1M by tier. */
  readonly daily?: number;
  /** Search requests per second per account. */
  readonly searchPerSecond?: number;
  /** Whether 429s carry Retry-After: HubSpot "does not always include" it. */
  readonly retryAfter?: 'always' | 'never' | 'random';
  /** IANA zone whose midnight resets the daily count (the account's time zone). */
  readonly timeZone?: string;
}

export type Admission =
  | { readonly ok: true; readonly headers: Record<string, string> }
  | { readonly ok: false; readonly body: Record<string, unknown>; readonly headers: Record<string, string> };

/** A rolling window of request start times. */
class Window {
  readonly #times: number[] = [];
  #head = 0;
  readonly #ms: number;
  constructor(ms: number) {
    this.#ms = ms;
  }
  count(now: number): number {
    while (this.#head < this.#times.length && this.#times[this.#head]! <= now - this.#ms) this.#head++;
    if (this.#head > 4096) {
      this.#times.splice(0, this.#head);
      this.#head = 0;
    }
    return this.#times.length - this.#head;
  }
  /** Milliseconds until the oldest request in the window leaves it. */
  freeInMs(now: number): number {
    const oldest = this.#times[this.#head];
    return oldest === undefined ? 0 : Math.max(0, oldest + this.#ms - now);
  }
  push(now: number): void {
    this.#times.push(now);
  }
}

/**
 * HubSpot's limits: TEN_SECONDLY_ROLLING per app, SECONDLY for search, DAILY per account resetting
 * at midnight in the account's zone. Only admitted requests use up the limits.
 */
export class RateLimits {
  readonly #perTen: number;
  readonly #daily: number;
  readonly #search: number;
  readonly #retryAfter: 'always' | 'never' | 'random';
  readonly #random: () => number;
  readonly #dayOf: Intl.DateTimeFormat;
  readonly #windows = new Map<string, Window>();
  readonly #searchWindow = new Window(1000);
  #day = '';
  #usedToday = 0;

  constructor(options: RateLimitOptions, random: () => number) {
    this.#perTen = options.perTenSeconds ?? 190;
    this.#daily = options.daily ?? 625_000;
    this.#search = options.searchPerSecond ?? 5;
    this.#retryAfter = options.retryAfter ?? 'always';
    this.#random = random;
    this.#dayOf = new Intl.DateTimeFormat('en-GB', {
      timeZone: options.timeZone ?? 'UTC',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  admit(token: string, kind: 'general' | 'search', now: number): Admission {
    const clock = this.#dayParts(now);
    if (clock.day !== this.#day) {
      this.#day = clock.day;
      this.#usedToday = 0;
    }
    if (this.#usedToday >= this.#daily) {
      return this.#reject(
        'DAILY',
        'You have reached your daily limit.',
        86_400_000 - clock.msIntoDay,
        this.#headers(kind, token, now),
      );
    }
    if (kind === 'search') {
      if (this.#searchWindow.count(now) >= this.#search) {
        return this.#reject(
          'SECONDLY',
          'You have reached your secondly limit.',
          this.#searchWindow.freeInMs(now),
          {},
        );
      }
      this.#searchWindow.push(now);
    } else {
      const window = this.#window(token);
      if (window.count(now) >= this.#perTen) {
        const wait = window.freeInMs(now);
        return this.#reject(
          'TEN_SECONDLY_ROLLING',
          'You have reached your ten_secondly_rolling limit.',
          wait,
          this.#headers(kind, token, now),
        );
      }
      window.push(now);
    }
    this.#usedToday++;
    return { ok: true, headers: this.#headers(kind, token, now) };
  }

  #window(token: string): Window {
    let window = this.#windows.get(token);
    if (!window) {
      window = new Window(10_000);
      this.#windows.set(token, window);
    }
    return window;
  }

  /** Search answers carry no rate-limit headers (only X-HubSpot-Correlation-Id). */
  #headers(kind: 'general' | 'search', token: string, now: number): Record<string, string> {
    if (kind === 'search') return {};
    return {
      'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
      'X-HubSpot-RateLimit-Max': String(this.#perTen),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, this.#perTen - this.#window(token).count(now))),
      'X-HubSpot-RateLimit-Daily': String(this.#daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.#daily - this.#usedToday)),
    };
  }

  #reject(policyName: string, message: string, waitMs: number, headers: Record<string, string>): Admission {
    const sendRetryAfter =
      this.#retryAfter === 'always' || (this.#retryAfter === 'random' && this.#random() < 0.5);
    const out = { ...headers };
    if (sendRetryAfter) out['Retry-After'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
    return {
      ok: false,
      headers: out,
      body: {
        status: 'error',
        message,
        errorType: 'RATE_LIMIT',
        correlationId: randomUUID(),
        policyName,
        requestId: randomUUID(),
      },
    };
  }

  #dayParts(now: number): { day: string; msIntoDay: number } {
    const parts = Object.fromEntries(
      this.#dayOf.formatToParts(new Date(now)).map((part) => [part.type, part.value]),
    );
    const msIntoDay =
      (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 + (now % 1000);
    return { day: `${parts.year}-${parts.month}-${parts.day}`, msIntoDay };
  }
}

import type { RequestHandler } from 'express';
import type { Clock } from '../../../core/clock.ts';
import type { RateBuckets } from '../../../core/limits/shared-limits.ts';
import { HttpError } from '../http/http-error.ts';
import { keyStateOf } from './identify-key.ts';

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token bucket per key: `perMinute` tokens, refilled continuously, so a client may burst up to a
 * minute's allowance and then proceeds at the sustained rate. In this process's memory: the one
 * server of an SQLite store (PostgresRateBuckets serves replicas of a Postgres store).
 */
export class TokenBuckets implements RateBuckets {
  readonly #perMinute: number;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(perMinute: number, clock: Clock) {
    this.#perMinute = perMinute;
    this.#clock = clock;
  }

  get perMinute(): number {
    return this.#perMinute;
  }

  /** Takes one token; returns 0 when allowed, else the seconds until a token is available. */
  take(id: string): Promise<number> {
    return Promise.resolve(this.takeNow(id));
  }

  takeNow(id: string): number {
    const now = this.#clock.now().getTime();
    const perMs = this.#perMinute / 60_000;
    const bucket = this.#buckets.get(id) ?? { tokens: this.#perMinute, updatedMs: now };
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + Math.max(0, now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    this.#buckets.set(id, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}

/** The bucket a key check is charged to: the key when it is right, the client address when it is wrong. */
export function bucketOf(key: { readonly id: number } | null, address: string | undefined): string {
  return key ? `key:${key.id}` : `ip:${address ?? 'unknown'}`;
}

/**
 * 429 with Retry-After once a key has used its allowance. Wrong keys are counted per client address
 * so guessing keys is throttled too; requests without any key are not counted here. The sign-in
 * form charges the same buckets (login-routes.ts), so it is no way around the limit.
 */
export function rateLimitPerKey(buckets: RateBuckets): RequestHandler {
  return async (req, res, next) => {
    const state = keyStateOf(res);
    if (state.kind === 'missing') {
      next();
      return;
    }
    const wait = await buckets.take(bucketOf(state.kind === 'valid' ? state.key : null, req.ip));
    if (wait === 0) {
      next();
      return;
    }
    next(
      new HttpError(429, 'rate_limited', `over server.rateLimit.perMinute for this key; retry in ${wait} s`, {
        headers: { 'Retry-After': String(wait) },
      }),
    );
  };
}

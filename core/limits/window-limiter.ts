import type { Clock } from '../clock.ts';
import type { RequestLimiter } from './shared-limits.ts';

/**
 * A rolling-window request limiter ("at most N requests in any W ms"), the shape of HubSpot's
 * ten-secondly limit and of per-second search limits. Callers await `acquire()` before each
 * request, so a sync stays under the limit instead of discovering it through 429s.
 */
export class RollingWindowLimiter implements RequestLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #starts: number[] = [];
  #pausedUntil = 0;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: {
    limit: number;
    windowMs: number;
    clock: Clock;
    sleep: (ms: number) => Promise<void>;
  }) {
    if (options.limit < 1) throw new Error('limit must be at least 1');
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#clock = options.clock;
    this.#sleep = options.sleep;
  }

  /** Resolves when one more request may start; requests are granted in call order. */
  acquire(): Promise<void> {
    const turn = this.#chain.then(() => this.#waitForSlot());
    this.#chain = turn.catch(() => undefined);
    return turn;
  }

  /** A server said "slow down": no request starts before `ms` from now. */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now().getTime() + ms);
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.#clock.now().getTime();
      while (this.#starts.length > 0 && this.#starts[0]! <= now - this.#windowMs) this.#starts.shift();
      const waitPause = this.#pausedUntil - now;
      const waitWindow = this.#starts.length >= this.#limit ? this.#starts[0]! + this.#windowMs - now : 0;
      const wait = Math.max(waitPause, waitWindow);
      if (wait <= 0) {
        this.#starts.push(now);
        return;
      }
      await this.#sleep(wait);
    }
  }
}

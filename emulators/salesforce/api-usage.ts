import type { Clock } from '../../core/clock.ts';

const HOUR_MS = 3_600_000;
const WINDOW_HOURS = 24;

/**
 * The org's DailyApiRequests allowance, counted over a rolling 24 hours in hourly buckets
 * (Salesforce's limit is rolling, not reset at midnight).
 */
export class ApiUsage {
  readonly max: number;
  readonly #clock: Clock;
  readonly #buckets: { hour: number; count: number }[] = [];

  constructor(max: number, clock: Clock) {
    this.max = max;
    this.#clock = clock;
  }

  used(): number {
    this.#expire();
    let total = 0;
    for (const bucket of this.#buckets) total += bucket.count;
    return total;
  }

  remaining(): number {
    return Math.max(0, this.max - this.used());
  }

  /** Counts one request; false (and nothing counted) when the allowance is spent. */
  tryConsume(): boolean {
    if (this.used() >= this.max) return false;
    const hour = Math.floor(this.#clock.now().getTime() / HOUR_MS);
    const last = this.#buckets[this.#buckets.length - 1];
    if (last && last.hour === hour) last.count++;
    else this.#buckets.push({ hour, count: 1 });
    return true;
  }

  /** Test hook: spend the allowance as if other integrations had used it. */
  spend(count: number): void {
    const hour = Math.floor(this.#clock.now().getTime() / HOUR_MS);
    this.#buckets.push({ hour, count });
  }

  header(): string {
    return `api-usage=${this.used()}/${this.max}`;
  }

  #expire(): void {
    const oldest = Math.floor(this.#clock.now().getTime() / HOUR_MS) - WINDOW_HOURS + 1;
    while (this.#buckets.length > 0 && this.#buckets[0]!.hour < oldest) this.#buckets.shift();
  }
}

/** Time enters the product only through a Clock, so tests can pin or skip it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stays where it is told: for tests and for "as of" runs. */
export class FixedClock implements Clock {
  private current: Date;
  constructor(start: Date | string) {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: Date | string): void {
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A clock that starts at a given instant and runs at real speed: the demo and the sandbox live on
 * the demo business's own date, so their gates and workflows see data of "yesterday", not weeks ago.
 */
export class ShiftedClock implements Clock {
  readonly #offsetMs: number;
  readonly #base: Clock;
  constructor(start: Date | string, base: Clock = systemClock) {
    this.#offsetMs = new Date(start).getTime() - base.now().getTime();
    this.#base = base;
  }
  now(): Date {
    return new Date(this.#base.now().getTime() + this.#offsetMs);
  }
}

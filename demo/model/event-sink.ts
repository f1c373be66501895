import type { Random } from '../random.ts';
import { clamp, normal } from '../samplers.ts';
import { DAY_MS, HOUR_MS } from '../time.ts';
import type { DemoEvent } from './types.ts';

/**
 * Collects one account's events. Nothing at or after `limitMs` is kept: the generator never
 * writes activity after "now", and a churned account goes silent at its churn instant.
 */
export class EventSink {
  readonly events: DemoEvent[] = [];
  limitMs: number;
  /** While false (the warm-up weeks before the history window) events are simulated but dropped. */
  recording = true;

  constructor(limitMs: number) {
    this.limitMs = limitMs;
  }

  /** False when the event falls after the limit and so never happened; true when it did. */
  add(event: DemoEvent): boolean {
    if (event.atMs >= this.limitMs) return false;
    if (this.recording) this.events.push(event);
    return true;
  }

  /** The closing event of an account, allowed exactly at the limit. */
  addFinal(event: DemoEvent): void {
    if (this.recording && event.atMs <= this.limitMs) this.events.push(event);
  }

  sorted(): DemoEvent[] {
    return this.events.sort((a, b) => a.atMs - b.atMs);
  }
}

/** 0 = Sunday ... 6 = Saturday, for a UTC instant (1970-01-01 was a Thursday). */
function utcWeekday(ms: number): number {
  return (Math.floor(ms / DAY_MS) + 4) % 7;
}

/**
 * An instant in [fromMs, toMs) that looks like office activity: weekdays far more than weekends
 * and local working hours (`utcOffsetHours` of the person's zone), rounded to whole seconds.
 */
export function officeTime(rng: Random, fromMs: number, toMs: number, utcOffsetHours: number): number {
  if (toMs - fromMs < 2000) return fromMs;
  const days = Math.max(1, Math.ceil((toMs - fromMs) / DAY_MS));
  let dayStart = Math.floor(fromMs / DAY_MS) * DAY_MS;
  for (let attempt = 0; attempt < 4; attempt++) {
    dayStart = Math.floor(fromMs / DAY_MS) * DAY_MS + rng.int(0, days - 1) * DAY_MS;
    const weekday = utcWeekday(dayStart);
    if ((weekday !== 0 && weekday !== 6) || rng.chance(0.15)) break;
  }
  const localHour = clamp(normal(rng, 13, 2.6), 6.5, 21.5);
  let at = dayStart + (localHour - utcOffsetHours) * HOUR_MS + rng.int(0, 59) * 1000;
  if (at < fromMs || at >= toMs) at = fromMs + rng.next() * (toMs - fromMs);
  return Math.min(toMs - 1000, Math.max(fromMs, Math.ceil(at / 1000) * 1000));
}

/** A moment shortly after `atMs` (an open after a send, a click after an open). */
export function shortlyAfter(rng: Random, atMs: number, maxMinutes: number): number {
  return atMs + rng.int(1, Math.max(1, maxMinutes)) * 60_000;
}

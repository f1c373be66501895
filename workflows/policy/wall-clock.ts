import { DateTime, IANAZone } from 'luxon';
import type { Weekday } from './schema.ts';

/**
 * Conversions between instants and local wall-clock times that stay exact across DST:
 * a wall time inside a spring-forward gap maps to the first instant after the gap, and one
 * inside a fall-back overlap maps to its first occurrence at or after a given instant.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const LUXON_WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface WallTime {
  /** Local calendar date, "YYYY-MM-DD". */
  readonly date: string;
  /** Minutes since local midnight, with seconds as a fraction. */
  readonly minuteOfDay: number;
}

export function wallTimeAt(instantMs: number, zone: string): WallTime {
  const local = DateTime.fromMillis(instantMs, { zone });
  const minuteOfDay = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / MINUTE_MS;
  return { date: local.toISODate() ?? '', minuteOfDay };
}

export function addCalendarDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): Weekday {
  const sundayFirst = new Date(`${date}T00:00:00Z`).getUTCDay();
  return LUXON_WEEKDAYS[(sundayFirst + 6) % 7] ?? 'mon';
}

/** Earliest instant >= notBeforeMs whose local time in `zone` is `minuteOfDay` on `date` (or just after a DST gap). */
export function instantAtWall(zone: string, date: string, minuteOfDay: number, notBeforeMs: number): number {
  const tz = IANAZone.create(zone);
  const wallAsUtc = Date.parse(`${date}T00:00:00Z`) + Math.round(minuteOfDay * MINUTE_MS);
  const offsetBefore = tz.offset(wallAsUtc - DAY_MS);
  const offsetAfter = tz.offset(wallAsUtc + DAY_MS);
  const matches = [...new Set([offsetBefore, offsetAfter, tz.offset(wallAsUtc)])]
    .map((offset) => wallAsUtc - offset * MINUTE_MS)
    .filter((instant) => tz.offset(instant) * MINUTE_MS === wallAsUtc - instant)
    .sort((a, b) => a - b);
  if (matches.length > 0) {
    return matches.find((instant) => instant >= notBeforeMs) ?? notBeforeMs;
  }
  return Math.max(gapEnd(tz, wallAsUtc, offsetBefore, offsetAfter), notBeforeMs);
}

/** The instant the clocks jump forward over a wall time that does not exist. */
function gapEnd(tz: IANAZone, wallAsUtc: number, offsetBefore: number, offsetAfter: number): number {
  let before = wallAsUtc - Math.max(offsetBefore, offsetAfter) * MINUTE_MS;
  let after = wallAsUtc - Math.min(offsetBefore, offsetAfter) * MINUTE_MS;
  // Transitions fall on whole minutes, so bisecting minutes finds the exact instant.
  while (after - before > MINUTE_MS) {
    const middle = before + Math.floor((after - before) / MINUTE_MS / 2) * MINUTE_MS;
    if (tz.offset(middle) === offsetBefore) before = middle;
    else after = middle;
  }
  return after;
}

/** Time arithmetic for the demo business; everything is UTC epoch milliseconds. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The business is generated as of this instant unless `asOf` says otherwise (never the wall clock). */
export const DEFAULT_AS_OF = '2026-11-01T00:00:00.000Z';

/** Length of the generated history (~18 months). */
export const HISTORY_DAYS = 548;

/** The simulation window: weekly steps from `startMs` up to (excluding) `asOfMs`. */
export interface Calendar {
  readonly asOfMs: number;
  readonly startMs: number;
  readonly weeks: number;
}

export function makeCalendar(asOfMs: number): Calendar {
  const startMs = asOfMs - HISTORY_DAYS * DAY_MS;
  return { asOfMs, startMs, weeks: Math.ceil(HISTORY_DAYS / 7) };
}

export function weekStart(calendar: Calendar, week: number): number {
  return calendar.startMs + week * WEEK_MS;
}

/** Accepts "2026-11-01" or a full ISO instant; returns epoch ms or throws saying what was wrong. */
export function parseAsOf(value: string): number {
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new Error(`as-of "${value}" is not a date; use an ISO date such as 2026-11-01 or 2026-11-01T00:00:00Z`);
  }
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** True for instants in the slow stretch around Christmas and New Year, when B2B usage dips. */
export function isHolidayLull(ms: number): boolean {
  const date = new Date(ms);
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  return (month === 11 && day >= 21) || (month === 0 && day <= 2);
}

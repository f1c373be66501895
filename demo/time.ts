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

const AS_OF_FORMAT = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Accepts "2026-11-01" or a full ISO instant; returns epoch ms or throws saying what was wrong. */
export function parseAsOf(value: string): number {
  const text = value.trim();
  const match = AS_OF_FORMAT.exec(text);
  const problem = `as-of "${value}" is not a date; use an ISO date such as 2026-11-01 or 2026-11-01T00:00:00Z`;
  if (!match) throw new Error(problem);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.parse quietly rolls 2026-02-30 over to March; a calendar date must exist as written.
  const calendarDay = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || calendarDay.getUTCDate() !== day) throw new Error(problem);
  const ms = Date.parse(match[4] ? text : `${text}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(problem);
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

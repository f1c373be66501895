/** Instant arithmetic for features and labels. Everything is UTC epoch milliseconds. */

export { eventTimeMs } from '../../core/schema/event-time.ts';

export const DAY_MS = 86_400_000;

/** Parses a canonical ISO instant; null and unparseable text become NaN ("unknown"). */
export function instantMs(iso: string | null | undefined): number {
  if (iso === null || iso === undefined) return Number.NaN;
  return Date.parse(iso);
}

/** Whole and fractional days from `fromMs` to `toMs`; NaN when either end is unknown. */
export function daysBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / DAY_MS;
}

/**
 * Parses a cutoff given as an ISO instant or a date ("2026-11-01" = midnight UTC). The error says
 * what was wrong so a CLI user can fix the argument.
 */
export function parseCutoff(value: string | Date, where = 'cutoff'): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new Error(`${where}: invalid Date`);
    return ms;
  }
  const text = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const ms = Date.parse(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new Error(
      `${where}: "${value}" is not a date; use an ISO date such as 2026-11-01 or 2026-11-01T00:00:00Z`,
    );
  }
  return ms;
}

export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}

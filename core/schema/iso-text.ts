/**
 * Strict reading of ISO-8601 text at the boundaries where people type dates (HTTP requests).
 * `Date.parse` rolls impossible dates over ("2026-02-30" becomes March 2), which would silently
 * score or plan for the wrong day; here every field is checked against the calendar instead.
 */

const ISO_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/i;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export const ISO_TEXT_EXAMPLE = '2026-11-01 or 2026-11-01T09:30:00Z';

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * What is wrong with `text` as an ISO-8601 date or date-time, in words, or undefined when it is
 * a real calendar date (and time of day, and UTC offset).
 */
export function isoTextProblem(text: string): string | undefined {
  const match = ISO_TEXT.exec(text);
  if (!match) return `not an ISO-8601 date or date-time such as ${ISO_TEXT_EXAMPLE}`;
  const [, y, mo, d, h, mi, s, zone, offsetHours, offsetMinutes] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = `${y}-${mo}-${d}`;
  if (month < 1 || month > 12) return `${date} is not a date: there is no month ${mo}`;
  const days = daysIn(year, month);
  if (day < 1 || day > days) return `${date} is not a date: ${MONTHS[month - 1]} ${y} has ${days} days`;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || (s !== undefined && Number(s) > 59)))
    return `${text.slice(11, s === undefined ? 16 : 19)} is not a time of day (00:00:00 to 23:59:59)`;
  if (
    zone !== undefined &&
    zone.toUpperCase() !== 'Z' &&
    (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)
  )
    return `${zone} is not a UTC offset (from -23:59 to +23:59)`;
  if (Number.isNaN(Date.parse(h === undefined ? date : text.replace(' ', 'T'))))
    return `not an ISO-8601 date or date-time such as ${ISO_TEXT_EXAMPLE}`;
  return undefined;
}

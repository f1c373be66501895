/**
 * Date.parse for a stored instant, several times faster on the canonical form the store writes
 * (`2026-03-01T09:30:00.000Z`, what toISOString gives): feature passes parse every event's time,
 * hundreds per real-time request. Anything else, or a day past the 28th, goes to Date.parse.
 */
export function eventTimeMs(iso: string): number {
  if (iso.length !== 24 || iso.charCodeAt(23) !== 90 || iso.charCodeAt(10) !== 84) return Date.parse(iso);
  for (const at of CANONICAL_DIGITS) {
    const code = iso.charCodeAt(at);
    if (code < 48 || code > 57) return Date.parse(iso);
  }
  const d = (i: number) => iso.charCodeAt(i) - 48;
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  const hour = d(11) * 10 + d(12);
  const minute = d(14) * 10 + d(15);
  const second = d(17) * 10 + d(18);
  if (month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59)
    return Date.parse(iso);
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  return Date.UTC(year, month - 1, day, hour, minute, second, d(20) * 100 + d(21) * 10 + d(22));
}

const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];

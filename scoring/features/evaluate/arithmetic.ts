/**
 * Relative change of the daily rate in a recent window against the window before it: 0 = same
 * rate, 1 = twice, -0.5 = half. 0/0 is 0 (no change); an empty earlier window counts as half an
 * event so growth from nothing stays finite; capped at +9 (ten times). The SQL dialects compile
 * the same formula (features/sql/expressions.ts).
 */
export function trendChange(
  recent: number,
  recentDays: number,
  previous: number,
  previousDays: number,
): number {
  if (recent === 0 && previous === 0) return 0;
  const ratio = recent / recentDays / (Math.max(previous, 0.5) / previousDays);
  return Math.min(10, ratio) - 1;
}

/** a / b, NaN when b is unknown or not above zero, or a is unknown. */
export function safeRatio(a: number, b: number): number {
  return Number.isFinite(b) && b > 0 && Number.isFinite(a) ? a / b : Number.NaN;
}

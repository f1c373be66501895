import { esc } from './layout.ts';

/** Time ranges trends and timelines offer, in days. */
export const RANGES = [7, 30, 90] as const;
export type RangeDays = (typeof RANGES)[number];
export const DEFAULT_RANGE: RangeDays = 30;

/** The ?range= of a page, or the default for anything else. */
export function rangeOf(query: unknown): RangeDays {
  const value = Number((query as { range?: unknown } | undefined)?.range);
  return (RANGES as readonly number[]).includes(value) ? (value as RangeDays) : DEFAULT_RANGE;
}

/** "7 days | 30 days | 90 days" as links, the chosen one marked. */
export function rangePicker(path: string, current: RangeDays, anchor = ''): string {
  const links = RANGES.map((days) =>
    days === current
      ? `<span aria-current="true">${days} days</span>`
      : `<a href="${esc(`${path}?range=${days}${anchor}`)}">${days} days</a>`,
  ).join('');
  return `<span class="ranges" role="group" aria-label="Time range">${links}</span>`;
}

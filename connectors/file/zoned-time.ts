import { utcMs } from './calendar.ts';

/** A time of day on a calendar date, with no zone attached. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** Zone offsets change on quarter-hour boundaries, so one lookup per quarter hour is exact. */
const OFFSET_BUCKET_MS = 900_000;
const MAX_CACHED_BUCKETS = 100_000;

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts wall-clock times in `timeZone` to UTC epoch ms. In a DST gap the time moves forward by
 * the gap; in an overlap the later (standard time) reading wins.
 */
export function zonedToUtc(timeZone: string): (clock: WallClock) => number {
  const asUtc = (clock: WallClock): number =>
    utcMs(clock.year, clock.month, clock.day, clock.hour, clock.minute, clock.second, clock.millisecond);
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return asUtc;
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetByBucket = new Map<number, number>();
  const offsetAt = (instant: number): number => {
    const bucket = Math.floor(instant / OFFSET_BUCKET_MS);
    let offset = offsetByBucket.get(bucket);
    if (offset === undefined) {
      offset = zoneOffsetMs(formatter, bucket * OFFSET_BUCKET_MS);
      if (offsetByBucket.size >= MAX_CACHED_BUCKETS) offsetByBucket.clear();
      offsetByBucket.set(bucket, offset);
    }
    return offset;
  };
  return (clock) => {
    const wall = asUtc(clock);
    const guess = wall - offsetAt(wall);
    // Near a DST change the offset at the guess differs from the one at the wall time; one step settles it.
    return wall - offsetAt(guess);
  };
}

function zoneOffsetMs(formatter: Intl.DateTimeFormat, instant: number): number {
  const values: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(instant))) values[part.type] = Number(part.value);
  const local = utcMs(
    values.year!,
    values.month!,
    values.day!,
    values.hour!,
    values.minute!,
    values.second!,
    0,
  );
  return local - instant;
}

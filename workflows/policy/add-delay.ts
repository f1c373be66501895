import { isBusinessDay } from './day-rules.ts';
import type { Delay, DeliveryPolicy } from './schema.ts';
import { addCalendarDays, instantAtWall, wallTimeAt } from './wall-clock.ts';
import { resolveTimeZone } from './zone.ts';

const HOUR_MS = 3_600_000;

/**
 * When a wait step ends. Hours are elapsed time (a 24-hour delay across spring-forward lands an
 * hour later on the wall clock); days and business days keep the local time of day in the
 * contact's zone, and business days skip non-business weekdays and applied holidays.
 */
export function addDelay(
  start: Date,
  delay: Delay,
  policy: DeliveryPolicy,
  contactTimeZone?: string | null,
): Date {
  if (delay.unit === 'hours') return new Date(start.getTime() + delay.amount * HOUR_MS);
  if (!Number.isInteger(delay.amount)) {
    throw new RangeError(
      `delay of ${delay.amount} ${delay.unit}: day delays must be whole numbers; use hours for fractions`,
    );
  }
  const { zone } = resolveTimeZone(contactTimeZone, policy);
  const wall = wallTimeAt(start.getTime(), zone);
  const targetDate =
    delay.unit === 'days'
      ? addCalendarDays(wall.date, delay.amount)
      : addBusinessDays(wall.date, delay.amount, policy);
  if (targetDate === wall.date) return new Date(start);
  return new Date(instantAtWall(zone, targetDate, wall.minuteOfDay, start.getTime()));
}

/** The business day `count` business days after `date` (a delay from a Saturday counts Monday as 1). */
export function addBusinessDays(date: string, count: number, policy: DeliveryPolicy): string {
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addCalendarDays(current, 1);
    if (isBusinessDay(current, policy)) remaining -= 1;
  }
  return current;
}

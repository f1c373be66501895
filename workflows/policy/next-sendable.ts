import {
  allowedIntervals,
  holidayCalendarOf,
  isSendDay,
  type MinuteInterval,
  parseTimeRange,
} from './day-rules.ts';
import type { DeliveryPolicy } from './schema.ts';
import { addCalendarDays, instantAtWall, wallTimeAt } from './wall-clock.ts';
import { resolveTimeZone } from './zone.ts';

/** Beyond this a policy is treated as never sendable (e.g. every send day listed as a holiday). */
export const MAX_SEARCH_DAYS = 400;

/**
 * Earliest instant >= now that falls on a send day (not a holiday), inside the send window and
 * outside quiet hours, all in the contact's local time. Returns null when nothing qualifies
 * within MAX_SEARCH_DAYS.
 */
export function nextSendableInstant(
  now: Date,
  policy: DeliveryPolicy,
  contactTimeZone?: string | null,
): Date | null {
  const { zone } = resolveTimeZone(contactTimeZone, policy);
  const intervals = allowedIntervals(policy);
  if (intervals.length === 0) return null;
  let instant = now.getTime();
  const lastDate = addCalendarDays(wallTimeAt(instant, zone).date, MAX_SEARCH_DAYS);
  // The time of day a deferred send keeps when it is moved past a non-send day.
  let carriedMinute = policy.deferral === 'keep-time-of-day' ? wallTimeAt(instant, zone).minuteOfDay : 0;

  // Each day costs at most one step per opening plus one to leave it, so this bound only trips on a bug.
  const maxSteps = (MAX_SEARCH_DAYS + 1) * (intervals.length + 2);
  for (let step = 0; step < maxSteps; step += 1) {
    const wall = wallTimeAt(instant, zone);
    if (wall.date > lastDate) return null;
    if (!isSendDay(wall.date, policy)) {
      instant = instantAtWall(
        zone,
        addCalendarDays(wall.date, 1),
        landingMinute(carriedMinute, intervals),
        instant,
      );
      continue;
    }
    if (intervals.some(([start, end]) => wall.minuteOfDay >= start && wall.minuteOfDay < end)) {
      return new Date(instant);
    }
    const laterOpening = intervals.find(([start]) => start > wall.minuteOfDay);
    if (laterOpening) {
      instant = instantAtWall(zone, wall.date, laterOpening[0], instant);
      continue;
    }
    // The day's windows have closed: the send is now window-bound, so it opens the next send day.
    carriedMinute = 0;
    instant = instantAtWall(zone, addCalendarDays(wall.date, 1), landingMinute(0, intervals), instant);
  }
  return null;
}

/** A kept time of day after the day's last window would cost a whole extra day; open at the first window instead. */
function landingMinute(carriedMinute: number, intervals: readonly MinuteInterval[]): number {
  const stillOpenLater = intervals.some(([, end]) => end > carriedMinute);
  return stillOpenLater ? carriedMinute : (intervals[0]?.[0] ?? 0);
}

/** Human reason why `now` itself is not sendable, or undefined when it is. */
export function unsendableReason(
  now: Date,
  policy: DeliveryPolicy,
  contactTimeZone?: string | null,
): string | undefined {
  const { zone, fallbackReason } = resolveTimeZone(contactTimeZone, policy);
  const wall = wallTimeAt(now.getTime(), zone);
  const suffix = fallbackReason ? ` (${fallbackReason})` : '';
  const holiday = holidayCalendarOf(wall.date, policy);
  if (holiday) return `${wall.date} is a holiday in calendar "${holiday}" in ${zone}${suffix}`;
  if (!isSendDay(wall.date, policy))
    return `${wall.date} is not a send day (${policy.sendDays.join(', ')}) in ${zone}${suffix}`;
  const inQuiet = policy.quietHours.find((range) => inRange(range, wall.minuteOfDay));
  if (inQuiet) return `inside quiet hours ${inQuiet} in ${zone}${suffix}`;
  if (policy.sendWindow !== null && !inRange(policy.sendWindow, wall.minuteOfDay)) {
    return `outside send window ${policy.sendWindow} in ${zone}${suffix}`;
  }
  return undefined;
}

function inRange(range: string, minute: number): boolean {
  return parseTimeRange(range).some(([start, end]) => minute >= start && minute < end);
}

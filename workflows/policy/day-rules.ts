import type { DeliveryPolicy } from './schema.ts';
import { weekdayOf } from './wall-clock.ts';

const MINUTES_PER_DAY = 1440;

/** Half-open [start, end) in minutes since local midnight. */
export type MinuteInterval = readonly [start: number, end: number];

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** "22:00-06:00" wraps midnight and becomes two intervals. */
export function parseTimeRange(range: string): MinuteInterval[] {
  const [start, end] = range.split('-');
  const from = minutesOf(start ?? '00:00');
  const to = minutesOf(end ?? '24:00');
  if (from < to) return [[from, to]];
  const parts: MinuteInterval[] = [];
  if (from < MINUTES_PER_DAY) parts.push([from, MINUTES_PER_DAY]);
  if (to > 0) parts.push([0, to]);
  return parts;
}

/** Minutes of a day on which a send is allowed: the send window minus quiet hours, sorted. */
export function allowedIntervals(policy: DeliveryPolicy): MinuteInterval[] {
  const allowed: boolean[] = new Array(MINUTES_PER_DAY).fill(policy.sendWindow === null);
  const mark = (range: string, value: boolean) => {
    for (const [start, end] of parseTimeRange(range)) allowed.fill(value, start, end);
  };
  if (policy.sendWindow !== null) mark(policy.sendWindow, true);
  for (const quiet of policy.quietHours) mark(quiet, false);
  const intervals: MinuteInterval[] = [];
  let runStart = -1;
  for (let minute = 0; minute <= MINUTES_PER_DAY; minute += 1) {
    const open = minute < MINUTES_PER_DAY && allowed[minute] === true;
    if (open && runStart < 0) runStart = minute;
    if (!open && runStart >= 0) {
      intervals.push([runStart, minute]);
      runStart = -1;
    }
  }
  return intervals;
}

/** Name of the first applied holiday calendar listing this local date, if any. */
export function holidayCalendarOf(date: string, policy: DeliveryPolicy): string | undefined {
  return policy.applyHolidayCalendars.find((name) => policy.holidayCalendars[name]?.includes(date));
}

export function isSendDay(date: string, policy: DeliveryPolicy): boolean {
  return policy.sendDays.includes(weekdayOf(date)) && holidayCalendarOf(date, policy) === undefined;
}

export function isBusinessDay(date: string, policy: DeliveryPolicy): boolean {
  return policy.businessDays.includes(weekdayOf(date)) && holidayCalendarOf(date, policy) === undefined;
}

export function formatMinute(minute: number): string {
  const whole = Math.floor(minute);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

import type { ResolvedEvent } from '../../core/schema/index.ts';

const DAY_MS = 86_400_000;
/** Usage is compared week against week: long enough to smooth weekends, short enough to react. */
const RECENT_DAYS = 7;
/** The "normal" the recent week is compared with: the four weeks before the enrollment. */
const BASELINE_DAYS = 28;

/** Event types that end an enrollment when they happen after it started. */
export const EXIT_EVENT_TYPES = {
  reply: 'email_reply',
  meeting_booked: 'meeting',
  unsubscribe: 'email_unsubscribe',
  bounce: 'email_bounce',
} as const;

const USAGE_TYPES = new Set(['login', 'feature_use']);

/** Every event type the facts and the email numbers read. */
export const FACT_EVENT_TYPES = [...Object.values(EXIT_EVENT_TYPES), 'login', 'feature_use'] as const;

export interface FactWindow {
  /** When the entity's current enrollment started; exit events count from here. */
  readonly since: Date | null;
  readonly now: Date;
}

function countIn(
  events: readonly ResolvedEvent[],
  from: number,
  to: number,
  match: (e: ResolvedEvent) => boolean,
) {
  let n = 0;
  for (const event of events) {
    const at = Date.parse(event.occurredAt);
    if (at >= from && at < to && match(event)) n += 1;
  }
  return n;
}

/**
 * Recovered: the last week's activity is back to at least the weekly average of the four weeks
 * before enrollment (and not zero). Measured only once a full week has passed since enrollment,
 * so the activity that led to the enrollment cannot count as its recovery.
 */
function recovered(
  events: readonly ResolvedEvent[],
  window: FactWindow,
  match: (e: ResolvedEvent) => boolean,
) {
  if (window.since === null) return false;
  const since = window.since.getTime();
  const now = window.now.getTime();
  if (now - since < RECENT_DAYS * DAY_MS) return false;
  const recent = countIn(events, now - RECENT_DAYS * DAY_MS, now, match);
  const baselineWeekly =
    (countIn(events, since - BASELINE_DAYS * DAY_MS, since, match) * RECENT_DAYS) / BASELINE_DAYS;
  return recent > 0 && recent >= baselineWeekly;
}

/** Exit facts of one entity at `now`, from its events (an account's include its contacts'). */
export function exitFacts(events: readonly ResolvedEvent[], window: FactWindow): Record<string, boolean> {
  const now = window.now.getTime();
  const since = window.since?.getTime();
  const happened = (type: string) =>
    since !== undefined && countIn(events, since, now + 1, (event) => event.type === type) > 0;
  return {
    reply: happened(EXIT_EVENT_TYPES.reply),
    meeting_booked: happened(EXIT_EVENT_TYPES.meeting_booked),
    unsubscribe: happened(EXIT_EVENT_TYPES.unsubscribe),
    bounce: happened(EXIT_EVENT_TYPES.bounce),
    login_recovered: recovered(events, window, (event) => event.type === 'login'),
    usage_recovered: recovered(events, window, (event) => USAGE_TYPES.has(event.type)),
  };
}

export interface UsageSummary {
  readonly activeUsers: number;
  readonly featureUses: number;
  readonly logins: number;
  /** Calendar days (UTC) from the last login to `now`: 0 the same day, 1 the day before; null when nobody did. */
  readonly daysInactive: number | null;
  readonly periodDays: number;
}

/**
 * Calendar days from one instant to a later one, in UTC. An as-of is usually a midnight: a login
 * the evening before is "yesterday", not "0 days ago" as whole elapsed days would have it.
 */
function calendarDaysBetween(fromMs: number, toMs: number): number {
  return Math.round((Math.floor(toMs / DAY_MS) * DAY_MS - Math.floor(fromMs / DAY_MS) * DAY_MS) / DAY_MS);
}

/** The customer's own numbers for the value-reminder email, over the `periodDays` before `now`. */
export function usageSummary(events: readonly ResolvedEvent[], now: Date, periodDays = 90): UsageSummary {
  const end = now.getTime();
  const start = end - periodDays * DAY_MS;
  const users = new Set<string>();
  let featureUses = 0;
  let logins = 0;
  let lastLogin = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const at = Date.parse(event.occurredAt);
    if (at >= end) continue;
    if (event.type === 'login') lastLogin = Math.max(lastLogin, at);
    if (at < start || !USAGE_TYPES.has(event.type)) continue;
    if (event.contactId !== null) users.add(event.contactId);
    if (event.type === 'feature_use') featureUses += 1;
    else logins += 1;
  }
  return {
    activeUsers: users.size,
    featureUses,
    logins,
    daysInactive: Number.isFinite(lastLogin) ? calendarDaysBetween(lastLogin, end) : null,
    periodDays,
  };
}

import type { EventType, ResolvedEvent } from '../../core/schema/index.ts';
import { DAY_MS, instantMs } from './time.ts';

/** Event kinds counted per window. Order is part of the layout of `ActivitySummary.counts`. */
export const COUNTED_TYPES = [
  'login',
  'feature_use',
  'page_view',
  'email_open',
  'email_click',
  'email_reply',
  'meeting',
  'call',
  'form_submit',
  'support_ticket',
  'email_sent',
] as const satisfies readonly EventType[];
export type CountedType = (typeof COUNTED_TYPES)[number];

/** Look-back windows in days; 35 and 60 exist so trends can compare a window with the one before it. */
export const WINDOW_DAYS = [7, 30, 35, 60, 90, Number.POSITIVE_INFINITY] as const;
export type WindowDays = (typeof WINDOW_DAYS)[number];

/** What a person does on their own initiative; e-mails we sent and notes reps wrote are not activity. */
const ACTIVITY_TYPES: ReadonlySet<EventType> = new Set([
  'login',
  'feature_use',
  'page_view',
  'email_open',
  'email_click',
  'email_reply',
  'meeting',
  'call',
  'form_submit',
]);
const EMAIL_ENGAGEMENT: ReadonlySet<EventType> = new Set(['email_open', 'email_click', 'email_reply']);
const USAGE_TYPES: ReadonlySet<EventType> = new Set(['login', 'feature_use']);

/** Ticket severities as CRMs and help desks spell them; an unknown label counts as medium. */
const SEVERITY_WEIGHT: Readonly<Record<string, number>> = {
  low: 0.5,
  minor: 0.5,
  p4: 0.5,
  normal: 1,
  medium: 1,
  p3: 1,
  high: 2,
  major: 2,
  p2: 2,
  urgent: 3,
  critical: 3,
  p1: 3,
};
const HIGH_SEVERITY = 2;

const typeIndex = new Map<EventType, number>(COUNTED_TYPES.map((type, i) => [type, i]));
const N_WINDOWS = WINDOW_DAYS.length;

/** Per-entity aggregates of the events strictly before `cutoffMs`, built in one pass. */
export interface ActivitySummary {
  readonly cutoffMs: number;
  /** counts[typeIndex * WINDOW_DAYS.length + windowIndex]. */
  readonly counts: Float64Array;
  /** Activity events (any self-initiated kind) per window. */
  readonly activityCounts: Float64Array;
  /** Last occurrence per counted type (NaN = never). */
  readonly lastAtMs: Float64Array;
  lastActivityMs: number;
  lastEmailEngagementMs: number;
  firstEventMs: number;
  purchaseCount: number;
  purchaseCount365: number;
  purchaseAmount: number;
  purchaseAmount90: number;
  purchaseAmount365: number;
  lastPurchaseMs: number;
  firstPurchaseMs: number;
  /** Distinct product features used: ever, and in the last 30 and 90 days. */
  readonly featuresEver: Set<string>;
  readonly features30: Set<string>;
  readonly features90: Set<string>;
  /** Distinct contacts with a login or feature use in the last 30 / 90 days, and with any event ever. */
  readonly activeUsers30: Set<string>;
  readonly activeUsers90: Set<string>;
  readonly knownUsers: Set<string>;
  /** Distinct contacts with any activity in the last 90 days. */
  readonly engagedPeople90: Set<string>;
  ticketSeverity90: number;
  highSeverityTickets90: number;
  pricingViews30: number;
  pricingViews90: number;
  highIntentForms: number;
  unsubscribed: boolean;
  /** Plan, seats and amount of the latest subscription change before the cutoff (null/NaN = none). */
  latestPlan: string | null;
  latestSeats: number;
  latestSubscriptionValue: number;
  latestSubscriptionMs: number;
}

function emptySummary(cutoffMs: number): ActivitySummary {
  return {
    cutoffMs,
    counts: new Float64Array(COUNTED_TYPES.length * N_WINDOWS),
    activityCounts: new Float64Array(N_WINDOWS),
    lastAtMs: new Float64Array(COUNTED_TYPES.length).fill(Number.NaN),
    lastActivityMs: Number.NaN,
    lastEmailEngagementMs: Number.NaN,
    firstEventMs: Number.NaN,
    purchaseCount: 0,
    purchaseCount365: 0,
    purchaseAmount: 0,
    purchaseAmount90: 0,
    purchaseAmount365: 0,
    lastPurchaseMs: Number.NaN,
    firstPurchaseMs: Number.NaN,
    featuresEver: new Set(),
    features30: new Set(),
    features90: new Set(),
    activeUsers30: new Set(),
    activeUsers90: new Set(),
    knownUsers: new Set(),
    engagedPeople90: new Set(),
    ticketSeverity90: 0,
    highSeverityTickets90: 0,
    pricingViews30: 0,
    pricingViews90: 0,
    highIntentForms: 0,
    unsubscribed: false,
    latestPlan: null,
    latestSeats: Number.NaN,
    latestSubscriptionValue: Number.NaN,
    latestSubscriptionMs: Number.NaN,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0
    ? value
    : typeof value === 'number'
      ? String(value)
      : null;
}

/** Latest of two instants where NaN means "none yet". */
function later(current: number, candidate: number): number {
  return Number.isNaN(current) || candidate > current ? candidate : current;
}

function earlier(current: number, candidate: number): number {
  return Number.isNaN(current) || candidate < current ? candidate : current;
}

export function severityWeight(label: unknown): number {
  const key = text(label)?.toLowerCase();
  return key === undefined || key === null ? 1 : (SEVERITY_WEIGHT[key] ?? 1);
}

const HIGH_INTENT_PAGE = /demo|contact-sales|contact_sales|trial|pricing/i;

/**
 * Aggregates the events strictly before `cutoffMs`. Events at or after the cutoff are ignored
 * here as well as in the store query, so a caller that fetched more history (one fetch for many
 * cutoffs) still gets point-in-time values.
 */
export function summarizeActivity(events: readonly ResolvedEvent[], cutoffMs: number): ActivitySummary {
  const s = emptySummary(cutoffMs);
  for (const event of events) {
    const at = instantMs(event.occurredAt);
    if (!(at < cutoffMs)) continue;
    const ageDays = (cutoffMs - at) / DAY_MS;
    s.firstEventMs = earlier(s.firstEventMs, at);
    if (event.contactId) s.knownUsers.add(event.contactId);
    const t = typeIndex.get(event.type);
    if (t !== undefined) {
      for (let w = 0; w < N_WINDOWS; w++) if (ageDays <= WINDOW_DAYS[w]!) s.counts[t * N_WINDOWS + w]! += 1;
      s.lastAtMs[t] = later(s.lastAtMs[t]!, at);
    }
    if (ACTIVITY_TYPES.has(event.type)) {
      for (let w = 0; w < N_WINDOWS; w++) if (ageDays <= WINDOW_DAYS[w]!) s.activityCounts[w]! += 1;
      s.lastActivityMs = later(s.lastActivityMs, at);
      if (event.contactId && ageDays <= 90) s.engagedPeople90.add(event.contactId);
    }
    if (EMAIL_ENGAGEMENT.has(event.type)) s.lastEmailEngagementMs = later(s.lastEmailEngagementMs, at);
    if (USAGE_TYPES.has(event.type) && event.contactId) {
      if (ageDays <= 30) s.activeUsers30.add(event.contactId);
      if (ageDays <= 90) s.activeUsers90.add(event.contactId);
    }
    addDetails(s, event, at, ageDays);
  }
  return s;
}

function addDetails(s: ActivitySummary, event: ResolvedEvent, at: number, ageDays: number): void {
  const props = event.properties;
  switch (event.type) {
    case 'feature_use': {
      const feature = text(props.feature ?? props.feature_name ?? props.featureName ?? props.name);
      if (feature) {
        s.featuresEver.add(feature);
        if (ageDays <= 90) s.features90.add(feature);
        if (ageDays <= 30) s.features30.add(feature);
      }
      return;
    }
    case 'page_view': {
      const page = text(props.page ?? props.path ?? props.url);
      if (page && /pricing/i.test(page)) {
        if (ageDays <= 90) s.pricingViews90 += 1;
        if (ageDays <= 30) s.pricingViews30 += 1;
      }
      return;
    }
    case 'form_submit': {
      const page = text(props.page ?? props.form ?? props.path);
      if (page && HIGH_INTENT_PAGE.test(page)) s.highIntentForms += 1;
      return;
    }
    case 'support_ticket': {
      if (ageDays > 90) return;
      const weight = severityWeight(props.severity ?? props.priority);
      s.ticketSeverity90 += weight;
      if (weight >= HIGH_SEVERITY) s.highSeverityTickets90 += 1;
      return;
    }
    case 'email_unsubscribe':
      s.unsubscribed = true;
      return;
    case 'purchase': {
      const amount = event.value ?? 0;
      s.purchaseCount += 1;
      s.purchaseAmount += amount;
      if (ageDays <= 90) s.purchaseAmount90 += amount;
      if (ageDays <= 365) {
        s.purchaseAmount365 += amount;
        s.purchaseCount365 += 1;
      }
      s.lastPurchaseMs = later(s.lastPurchaseMs, at);
      s.firstPurchaseMs = earlier(s.firstPurchaseMs, at);
      return;
    }
    case 'subscription_change': {
      if (!Number.isNaN(s.latestSubscriptionMs) && at < s.latestSubscriptionMs) return;
      s.latestSubscriptionMs = at;
      s.latestPlan = text(props.plan) ?? s.latestPlan;
      const seats = Number(props.seats);
      if (props.seats !== null && props.seats !== undefined && Number.isFinite(seats)) s.latestSeats = seats;
      if (event.value !== null && Number.isFinite(event.value)) s.latestSubscriptionValue = event.value;
      return;
    }
    default:
      return;
  }
}

/** Events of `type` in the last `days` (one of WINDOW_DAYS). */
export function countIn(s: ActivitySummary, type: CountedType, days: WindowDays): number {
  return s.counts[typeIndex.get(type)! * N_WINDOWS + WINDOW_DAYS.indexOf(days)]!;
}

export function activityIn(s: ActivitySummary, days: WindowDays): number {
  return s.activityCounts[WINDOW_DAYS.indexOf(days)]!;
}

export function lastOf(s: ActivitySummary, type: CountedType): number {
  return s.lastAtMs[typeIndex.get(type)!]!;
}

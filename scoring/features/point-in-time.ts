import type { Account, Deal, EntityType } from '../../core/schema/index.ts';
import { type ActivitySummary, summarizeActivity } from './activity-summary.ts';
import { customerSinceMs, existedSinceMs } from './customer-timeline.ts';
import type { EntitySnapshot } from './snapshot.ts';
import { instantMs } from './time.ts';

/** Deals as they stood at the cutoff: only deals created before it, closed only if closed before it. */
export interface DealHistory {
  readonly open: number;
  readonly openAmount: number;
  readonly won: number;
  readonly wonAmount: number;
  readonly lost: number;
  readonly lastCreatedMs: number;
}

/**
 * Attributes safe to read at the cutoff. Status, churn date, lifecycle stage and e-mail consent are
 * left out on purpose: they describe the present, and for past cutoffs they are the label itself.
 */
export interface PointInTimeProfile {
  readonly createdMs: number;
  /** NaN unless the account was already a customer before the cutoff. */
  readonly customerSinceMs: number;
  readonly accountCreatedMs: number;
  readonly plan: string | null;
  readonly industry: string | null;
  readonly country: string | null;
  readonly role: string | null;
  readonly employees: number;
  readonly annualRevenue: number;
  readonly mrr: number;
  readonly seats: number;
}

/** The only input feature definitions receive: nothing in it is later than `cutoffMs`. */
export interface PointInTimeView {
  readonly entityType: EntityType;
  readonly cutoffMs: number;
  readonly activity: ActivitySummary;
  /** Activity of the whole account (for an account, the same as `activity`). */
  readonly accountActivity: ActivitySummary;
  /** The entity's own deals (a contact's deals; an account's deals). */
  readonly deals: DealHistory;
  /** The account's deals (for an account, the same as `deals`). */
  readonly accountDeals: DealHistory;
  readonly profile: PointInTimeProfile;
}

export function dealHistoryAt(deals: readonly Deal[], cutoffMs: number): DealHistory {
  let open = 0;
  let openAmount = 0;
  let won = 0;
  let wonAmount = 0;
  let lost = 0;
  let lastCreatedMs = Number.NaN;
  for (const deal of deals) {
    const created = existedSinceMs(deal);
    if (!(created < cutoffMs)) continue;
    if (Number.isNaN(lastCreatedMs) || created > lastCreatedMs) lastCreatedMs = created;
    const closed = instantMs(deal.closedAt);
    const closedBefore =
      deal.status !== 'open' &&
      (Number.isNaN(closed) ? instantMs(deal.updatedAt) < cutoffMs : closed < cutoffMs);
    if (!closedBefore) {
      open += 1;
      openAmount += deal.amount ?? 0;
    } else if (deal.status === 'won') {
      won += 1;
      wonAmount += deal.amount ?? 0;
    } else lost += 1;
  }
  return { open, openAmount, won, wonAmount, lost, lastCreatedMs };
}

function finiteOrNaN(value: number | null | undefined): number {
  return value === null || value === undefined || !Number.isFinite(value) ? Number.NaN : value;
}

/**
 * Plan, MRR and seats at the cutoff: from the latest subscription change before it when the store
 * has them; otherwise the current values, but only for an account that was already a customer then
 * (a prospect's current plan would reveal that it converted later).
 */
function subscriptionAt(account: Account | null, activity: ActivitySummary, customerSince: number) {
  const wasCustomer = customerSince < activity.cutoffMs;
  const seatsProperty = Number(account?.properties.seats);
  return {
    plan: activity.latestPlan ?? (wasCustomer ? (account?.plan ?? null) : null),
    mrr: !Number.isNaN(activity.latestSubscriptionValue)
      ? activity.latestSubscriptionValue
      : wasCustomer
        ? finiteOrNaN(account?.mrr)
        : Number.NaN,
    seats: !Number.isNaN(activity.latestSeats)
      ? activity.latestSeats
      : wasCustomer && Number.isFinite(seatsProperty)
        ? seatsProperty
        : Number.NaN,
  };
}

function accountProfile(account: Account | null, accountDeals: readonly Deal[], activity: ActivitySummary) {
  const since = account ? customerSinceMs(account, accountDeals) : Number.NaN;
  const customerSince = since < activity.cutoffMs ? since : Number.NaN;
  return {
    customerSinceMs: customerSince,
    accountCreatedMs: account ? existedSinceMs(account) : Number.NaN,
    industry: account?.industry ?? null,
    employees: finiteOrNaN(account?.employees),
    annualRevenue: finiteOrNaN(account?.annualRevenue),
    ...subscriptionAt(account, activity, customerSince),
  };
}

/**
 * Builds the point-in-time view of a snapshot at one cutoff. `accountActivity` lets a caller that
 * scores many colleagues of one account summarise the account's events once; `activity`, the
 * summary of `snapshot.events` at `cutoffMs`, lets one that already holds it skip reading them.
 */
export function viewAt(
  snapshot: EntitySnapshot,
  cutoffMs: number,
  accountActivity?: ActivitySummary,
  ownActivity?: ActivitySummary,
): PointInTimeView {
  const activity = ownActivity ?? summarizeActivity(snapshot.events, cutoffMs);
  if (snapshot.entityType === 'account') {
    const deals = dealHistoryAt(snapshot.deals, cutoffMs);
    const account = accountProfile(snapshot.account, snapshot.deals, activity);
    return {
      entityType: 'account',
      cutoffMs,
      activity,
      accountActivity: activity,
      deals,
      accountDeals: deals,
      profile: {
        ...account,
        createdMs: account.accountCreatedMs,
        country: snapshot.account.country,
        role: null,
      },
    };
  }
  const { contact } = snapshot;
  const ofAccount = accountActivity ?? summarizeActivity(snapshot.accountEvents, cutoffMs);
  const account = accountProfile(snapshot.account, snapshot.accountDeals, ofAccount);
  return {
    entityType: 'contact',
    cutoffMs,
    activity,
    accountActivity: ofAccount,
    deals: dealHistoryAt(snapshot.contactDeals, cutoffMs),
    accountDeals: dealHistoryAt(snapshot.accountDeals, cutoffMs),
    profile: {
      ...account,
      createdMs: existedSinceMs(contact),
      country: contact.country ?? snapshot.account?.country ?? null,
      role: contact.role,
    },
  };
}

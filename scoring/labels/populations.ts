import {
  contactConvertedMs,
  existedSinceMs,
  hasUntimedConversion,
  isActiveCustomerAt,
} from '../features/customer-timeline.ts';
import type { AccountSnapshot, ContactSnapshot, EntitySnapshot } from '../features/snapshot.ts';
import { DAY_MS, instantMs } from '../features/time.ts';

/** A 0/1 outcome, or null when the entity is not in the population at that cutoff. */
export type BinaryLabel = 0 | 1 | null;

/** Churned per the CRM but nobody recorded when: such an account fits no cutoff. */
function untimedChurn(snapshot: AccountSnapshot): boolean {
  return snapshot.account.status === 'churned' && Number.isNaN(instantMs(snapshot.account.churnedAt));
}

/** Churn population: accounts that existed and were paying, not churned, at the cutoff. */
export function inChurnPopulation(snapshot: AccountSnapshot, cutoffMs: number): boolean {
  if (untimedChurn(snapshot)) return false;
  if (!(existedSinceMs(snapshot.account) < cutoffMs)) return false;
  return isActiveCustomerAt(snapshot.account, snapshot.deals, cutoffMs);
}

/** 1 when the account churns in (cutoff, cutoff + horizon]; null outside the churn population. */
export function churnLabel(snapshot: AccountSnapshot, cutoffMs: number, horizonDays: number): BinaryLabel {
  if (!inChurnPopulation(snapshot, cutoffMs)) return null;
  const churned = instantMs(snapshot.account.churnedAt);
  return churned > cutoffMs && churned <= cutoffMs + horizonDays * DAY_MS ? 1 : 0;
}

function convertedMs(snapshot: ContactSnapshot): number {
  return contactConvertedMs(snapshot.contact, snapshot.account, snapshot.contactDeals, snapshot.accountDeals);
}

/** Lead population: people who existed and were not yet customers (nor on a customer account) at the cutoff. */
export function inLeadPopulation(snapshot: ContactSnapshot, cutoffMs: number): boolean {
  if (!(existedSinceMs(snapshot.contact) < cutoffMs)) return false;
  const converted = convertedMs(snapshot);
  if (hasUntimedConversion(snapshot.contact, converted)) return false;
  return !(converted <= cutoffMs);
}

/**
 * 1 when the person converts in (cutoff, cutoff + horizon]: their account wins a deal (becomes a
 * customer) or they are recorded as a customer then; null outside the lead population.
 */
export function leadLabel(snapshot: ContactSnapshot, cutoffMs: number, horizonDays: number): BinaryLabel {
  if (!inLeadPopulation(snapshot, cutoffMs)) return null;
  const converted = convertedMs(snapshot);
  return converted > cutoffMs && converted <= cutoffMs + horizonDays * DAY_MS ? 1 : 0;
}

export type LabelKind = 'lead' | 'churn';

/** Label function of a model kind, as `collectRows` wants it. */
export function labelFor(
  kind: LabelKind,
  horizonDays: number,
): (snapshot: EntitySnapshot, cutoffMs: number) => BinaryLabel {
  if (kind === 'churn') {
    return (snapshot, cutoffMs) =>
      snapshot.entityType === 'account' ? churnLabel(snapshot, cutoffMs, horizonDays) : null;
  }
  return (snapshot, cutoffMs) =>
    snapshot.entityType === 'contact' ? leadLabel(snapshot, cutoffMs, horizonDays) : null;
}

/** Who gets scored at a cutoff by a model kind. */
export function populationFor(kind: LabelKind): (snapshot: EntitySnapshot, cutoffMs: number) => boolean {
  if (kind === 'churn')
    return (snapshot, cutoffMs) => snapshot.entityType === 'account' && inChurnPopulation(snapshot, cutoffMs);
  return (snapshot, cutoffMs) => snapshot.entityType === 'contact' && inLeadPopulation(snapshot, cutoffMs);
}

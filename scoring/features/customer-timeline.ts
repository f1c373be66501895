import type { Account, Contact, Deal } from '../../core/schema/index.ts';
import { instantMs } from './time.ts';

/** Properties some CRMs use to record when an account or person became a customer. */
const CUSTOMER_SINCE_PROPERTIES = [
  'customerSince',
  'customer_since',
  'becameCustomerAt',
  'became_customer_at',
];

function propertyInstant(properties: Record<string, unknown>, names: readonly string[]): number {
  for (const name of names) {
    const value = properties[name];
    if (typeof value === 'string' || typeof value === 'number') {
      const ms = typeof value === 'number' ? value : Date.parse(value);
      if (Number.isFinite(ms)) return ms;
    }
  }
  return Number.NaN;
}

/** Earliest close of a won deal (NaN when none). */
export function firstWonMs(deals: readonly Deal[]): number {
  let first = Number.NaN;
  for (const deal of deals) {
    if (deal.status !== 'won') continue;
    const closed = instantMs(deal.closedAt ?? deal.updatedAt);
    if (Number.isNaN(first) || closed < first) first = closed;
  }
  return first;
}

/**
 * When the account became a customer: its first won deal, else a "customer since" property, else
 * (for accounts a CRM marks active or churned without deals) its creation. NaN = never was one.
 */
export function customerSinceMs(account: Account, deals: readonly Deal[]): number {
  const won = firstWonMs(deals);
  if (!Number.isNaN(won)) return won;
  const declared = propertyInstant(account.properties, CUSTOMER_SINCE_PROPERTIES);
  if (!Number.isNaN(declared)) return declared;
  if (account.status === 'active' || account.status === 'churned') return instantMs(account.createdAt);
  return Number.NaN;
}

/** A paying account at the instant: became a customer before it and churns strictly after it (or never). */
export function isActiveCustomerAt(account: Account, deals: readonly Deal[], atMs: number): boolean {
  const since = customerSinceMs(account, deals);
  if (!(since < atMs)) return false;
  const churned = instantMs(account.churnedAt);
  return Number.isNaN(churned) || churned > atMs;
}

/**
 * When the person became a customer: their own won deal, their account becoming a customer, or a
 * declared property. NaN = not a customer, or a customer whose conversion time nobody recorded
 * (see `hasUntimedConversion`).
 */
export function contactConvertedMs(
  contact: Contact,
  account: Account | null,
  contactDeals: readonly Deal[],
  accountDeals: readonly Deal[],
): number {
  const candidates = [
    firstWonMs(contactDeals),
    account ? customerSinceMs(account, accountDeals) : Number.NaN,
    propertyInstant(contact.properties, CUSTOMER_SINCE_PROPERTIES),
  ].filter((ms) => !Number.isNaN(ms));
  return candidates.length === 0 ? Number.NaN : Math.min(...candidates);
}

/** Marked customer in the CRM but with no time for it: such people cannot be placed on either side of a cutoff. */
export function hasUntimedConversion(contact: Contact, convertedMs: number): boolean {
  return Number.isNaN(convertedMs) && contact.lifecycleStage?.toLowerCase() === 'customer';
}

/** When the entity came into existence as far as the store can tell (created, else first updated). */
export function existedSinceMs(entity: { createdAt: string | null; updatedAt: string }): number {
  const created = instantMs(entity.createdAt);
  return Number.isNaN(created) ? instantMs(entity.updatedAt) : created;
}

import type { DealStatus, SourceDealInput } from '../../../core/schema/index.ts';
import type { HubObject } from '../api/types.ts';
import {
  bool,
  firstAssociated,
  instant,
  type MappingContext,
  number,
  pickProperties,
  ref,
  text,
} from './shared.ts';

export const dealProperties = [
  'dealname',
  'amount',
  'dealstage',
  'pipeline',
  'closedate',
  'deal_currency_code',
  'amount_in_home_currency',
  'hs_is_closed',
  'hs_is_closed_won',
  'hubspot_owner_id',
  'hs_merged_object_ids',
  'createdate',
  'hs_lastmodifieddate',
];

/** HubSpot's calculated flags decide; the default pipeline's stage ids are the fallback. */
export function dealStatus(properties: HubObject['properties']): DealStatus {
  const won = bool(properties.hs_is_closed_won);
  const closed = bool(properties.hs_is_closed);
  const stage = text(properties.dealstage)?.toLowerCase();
  if (won === true || stage === 'closedwon') return 'won';
  if (closed === true || stage === 'closedlost') return 'lost';
  return 'open';
}

/**
 * The deal's value in the account's company currency when HubSpot provides it: in a multi-currency
 * account `amount` is in the deal's own currency (`deal_currency_code`) and HubSpot calculates
 * `amount_in_home_currency` ("Amount in company currency") from its dated exchange rates, so deals
 * in several currencies add up. The deal's own amount and currency are kept in `properties`.
 */
function dealValue(
  p: HubObject['properties'],
  context: MappingContext,
): { amount: number | null; currency: string | null; original: Record<string, string | number | null> } {
  const own = number(p.amount);
  const ownCurrency = text(p.deal_currency_code)?.toUpperCase() ?? null;
  const home = number(p.amount_in_home_currency);
  const companyCurrency = context.companyCurrency?.code ?? null;
  if (home === null || companyCurrency === null) return { amount: own, currency: ownCurrency, original: {} };
  const converted = ownCurrency !== null && ownCurrency !== companyCurrency;
  return {
    amount: home,
    currency: companyCurrency,
    original: converted ? { deal_amount: own, deal_currency: ownCurrency } : {},
  };
}

export function mapDeal(object: HubObject, context: MappingContext): SourceDealInput {
  const p = object.properties;
  const status = dealStatus(p);
  const { amount, currency, original } = dealValue(p, context);
  const companyId = firstAssociated(object, 'companies');
  const contactId = firstAssociated(object, 'contacts');
  return {
    kind: 'deal',
    ref: ref(context.system, 'deals', object.id),
    updatedAt: instant(p.hs_lastmodifieddate) ?? object.updatedAt,
    createdAt: instant(p.createdate) ?? object.createdAt,
    deleted: object.archived,
    name: text(p.dealname),
    account: companyId ? ref(context.system, 'companies', companyId) : null,
    contact: contactId ? ref(context.system, 'contacts', contactId) : null,
    stage: text(p.dealstage),
    status,
    amount: amount !== null && amount >= 0 ? amount : null,
    currency: currency && currency.length === 3 ? currency : null,
    // For open deals `closedate` is only the expected close date.
    closedAt: status === 'open' ? null : instant(p.closedate),
    ownerId: text(p.hubspot_owner_id),
    properties: { ...original, ...pickProperties(p, context.extraProperties) },
  };
}

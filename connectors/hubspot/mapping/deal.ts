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

export function mapDeal(object: HubObject, context: MappingContext): SourceDealInput {
  const p = object.properties;
  const status = dealStatus(p);
  const amount = number(p.amount);
  const currency = text(p.deal_currency_code)?.toUpperCase();
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
    properties: pickProperties(p, context.extraProperties),
  };
}

import type { SourceContactInput } from '../../../core/schema/index.ts';
import type { HubObject } from '../api/types.ts';
import {
  bool,
  email,
  firstAssociated,
  instant,
  type MappingContext,
  pickProperties,
  ref,
  text,
} from './shared.ts';

/** HubSpot properties the contact mapping reads. */
export const contactProperties = [
  'email',
  'firstname',
  'lastname',
  'jobtitle',
  'phone',
  'hs_timezone',
  'country',
  'city',
  'lifecyclestage',
  'hs_buying_role',
  'hs_email_optout',
  'hubspot_owner_id',
  'associatedcompanyid',
  'hs_merged_object_ids',
  'createdate',
  'lastmodifieddate',
];

const buyingRoles: Record<string, string> = {
  BUDGET_HOLDER: 'economic_buyer',
  DECISION_MAKER: 'economic_buyer',
  EXECUTIVE_SPONSOR: 'economic_buyer',
  CHAMPION: 'champion',
  END_USER: 'user',
};

const stages: Record<string, string> = { marketingqualifiedlead: 'mql', salesqualifiedlead: 'sql' };

/** "america_slash_new_york" (HubSpot's enumeration value) -> "America/New_York". */
export function timeZoneFromHubspot(value: string | null | undefined): string | null {
  const raw = text(value);
  if (raw === null) return null;
  if (!raw.includes('_slash_')) return raw;
  const zone = raw
    .split('_slash_')
    .map((segment) =>
      segment
        .split('_')
        .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
        .join('_'),
    )
    .join('/');
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return raw;
  }
}

function role(value: string | null | undefined): string | null {
  const first = text(value)?.split(';')[0];
  return first ? (buyingRoles[first] ?? first.toLowerCase()) : null;
}

export function mapContact(object: HubObject, context: MappingContext): SourceContactInput {
  const p = object.properties;
  const companyId = text(p.associatedcompanyid) ?? firstAssociated(object, 'companies');
  const optOut = bool(p.hs_email_optout);
  const stage = text(p.lifecyclestage);
  const extra = pickProperties(p, context.extraProperties);
  const rawEmail = text(p.email);
  const cleanEmail = email(rawEmail);
  if (rawEmail && !cleanEmail) extra.invalid_email = rawEmail;
  return {
    kind: 'contact',
    ref: ref(context.system, 'contacts', object.id),
    updatedAt: instant(p.lastmodifieddate) ?? object.updatedAt,
    createdAt: instant(p.createdate) ?? object.createdAt,
    deleted: object.archived,
    email: cleanEmail,
    firstName: text(p.firstname),
    lastName: text(p.lastname),
    title: text(p.jobtitle),
    role: role(p.hs_buying_role),
    phone: text(p.phone),
    timezone: timeZoneFromHubspot(p.hs_timezone),
    country: text(p.country),
    city: text(p.city),
    lifecycleStage: stage ? (stages[stage] ?? stage) : null,
    ownerId: text(p.hubspot_owner_id),
    account: companyId ? ref(context.system, 'companies', companyId) : null,
    emailOptIn: optOut === null ? null : !optOut,
    properties: extra,
  };
}

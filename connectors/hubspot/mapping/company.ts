import {
  type AccountStatus,
  accountStatusSchema,
  type SourceAccountInput,
} from '../../../core/schema/index.ts';
import type { HubObject } from '../api/types.ts';
import { instant, type MappingContext, number, pickProperties, ref, text } from './shared.ts';

/** Custom company properties that carry subscription facts (named in config `accountFields`). */
export interface AccountFieldNames {
  readonly plan?: string;
  readonly mrr?: string;
  readonly status?: string;
  readonly churnedAt?: string;
}

export const companyProperties = [
  'name',
  'domain',
  'industry',
  'numberofemployees',
  'annualrevenue',
  'country',
  'lifecyclestage',
  'hubspot_owner_id',
  'hs_merged_object_ids',
  'createdate',
  'hs_lastmodifieddate',
];

export function companyPropertyNames(fields: AccountFieldNames): string[] {
  return [...companyProperties, ...Object.values(fields).filter((name): name is string => Boolean(name))];
}

/** Without a status property, a company's lifecycle stage says whether it is a customer. */
function statusFromStage(stage: string | null): AccountStatus | null {
  if (stage === 'customer' || stage === 'evangelist') return 'active';
  if (stage === null || stage === 'other') return null;
  return 'prospect';
}

function domain(value: string | null | undefined): string | null {
  const raw = text(value)?.toLowerCase();
  return raw
    ? raw
        .replace(/^https?:\/\//, '')
        .replace(/^www\./, '')
        .replace(/\/.*$/, '') || null
    : null;
}

export function mapCompany(
  object: HubObject,
  context: MappingContext & { readonly fields: AccountFieldNames },
): SourceAccountInput {
  const p = object.properties;
  const { fields } = context;
  const employees = number(p.numberofemployees);
  const revenue = number(p.annualrevenue);
  const mrr = fields.mrr ? number(p[fields.mrr]) : null;
  const status = fields.status ? accountStatusSchema.safeParse(text(p[fields.status])?.toLowerCase()) : null;
  return {
    kind: 'account',
    ref: ref(context.system, 'companies', object.id),
    updatedAt: instant(p.hs_lastmodifieddate) ?? object.updatedAt,
    createdAt: instant(p.createdate) ?? object.createdAt,
    deleted: object.archived,
    name: text(p.name),
    domain: domain(p.domain),
    industry: text(p.industry),
    employees: employees !== null && employees >= 0 ? Math.round(employees) : null,
    annualRevenue: revenue !== null && revenue >= 0 ? revenue : null,
    plan: fields.plan ? text(p[fields.plan]) : null,
    mrr: mrr !== null && mrr >= 0 ? mrr : null,
    country: text(p.country),
    ownerId: text(p.hubspot_owner_id),
    status: status?.success ? status.data : statusFromStage(text(p.lifecyclestage)),
    churnedAt: fields.churnedAt ? instant(p[fields.churnedAt]) : null,
    properties: pickProperties(p, context.extraProperties),
  };
}

import { accountStatusSchema, type SourceAccountInput } from '../../../core/schema/index.ts';
import { type MappingContext, mapped } from './context.ts';
import {
  domainFromWebsite,
  instant,
  mapValue,
  num,
  pickProperties,
  refTo,
  type SalesforceRow,
  text,
} from './values.ts';

const nonNegative = (value: number | null) => (value === null || value < 0 ? null : value);

/** Account -> canonical account; Type (or a mapped field) gives the lifecycle status. */
export function mapAccount(row: SalesforceRow, context: MappingContext): SourceAccountInput {
  const { system } = context;
  const status = accountStatusSchema.safeParse(
    mapValue(context.valueMaps, 'status', mapped(row, context, 'status')),
  );
  const employees = nonNegative(num(row.NumberOfEmployees));
  const currency = text(mapped(row, context, 'currency'));
  return {
    kind: 'account',
    ref: { system, objectType: 'Account', externalId: String(row.Id) },
    updatedAt: instant(row.SystemModstamp) ?? '',
    createdAt: instant(row.CreatedDate),
    deleted: row.IsDeleted === true,
    mergedInto: refTo(system, row.MasterRecordId, ['Account']),
    name: text(row.Name),
    domain: domainFromWebsite(mapped(row, context, 'domain')),
    industry: text(mapped(row, context, 'industry')),
    employees: employees === null ? null : Math.round(employees),
    annualRevenue: nonNegative(num(row.AnnualRevenue)),
    plan: text(mapped(row, context, 'plan')),
    mrr: nonNegative(num(mapped(row, context, 'mrr'))),
    currency: currency && currency.length === 3 ? currency : null,
    country: text(mapped(row, context, 'country')),
    ownerId: text(mapped(row, context, 'ownerId')),
    status: status.success ? status.data : null,
    churnedAt: instant(mapped(row, context, 'churnedAt')),
    properties: pickProperties(row, context.properties),
  };
}

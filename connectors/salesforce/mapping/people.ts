import type { SourceContactInput } from '../../../core/schema/index.ts';
import { type MappingContext, mapped } from './context.ts';
import { bool, instant, mapValue, pickProperties, refTo, type SalesforceRow, text } from './values.ts';

function personFields(row: SalesforceRow, context: MappingContext) {
  const optedOut = bool(row.HasOptedOutOfEmail);
  return {
    updatedAt: instant(row.SystemModstamp) ?? '',
    createdAt: instant(row.CreatedDate),
    deleted: row.IsDeleted === true,
    email: text(row.Email),
    firstName: text(row.FirstName),
    lastName: text(row.LastName),
    title: text(mapped(row, context, 'title')),
    role: mapValue(context.valueMaps, 'role', mapped(row, context, 'role')),
    phone: text(mapped(row, context, 'phone')),
    timezone: text(mapped(row, context, 'timezone')),
    country: text(mapped(row, context, 'country')),
    city: text(mapped(row, context, 'city')),
    ownerId: text(mapped(row, context, 'ownerId')),
    // Salesforce stores the opt-out; unknown (field hidden) stays null rather than "opted in".
    emailOptIn: optedOut === null ? null : !optedOut,
    properties: pickProperties(row, context.properties),
  };
}

/** Contact -> canonical contact; a merged-away contact points at its master. */
export function mapContact(row: SalesforceRow, context: MappingContext): SourceContactInput {
  const { system } = context;
  return {
    kind: 'contact',
    ref: { system, objectType: 'Contact', externalId: String(row.Id) },
    ...personFields(row, context),
    mergedInto: refTo(system, row.MasterRecordId, ['Contact']),
    lifecycleStage: mapValue(context.valueMaps, 'lifecycleStage', mapped(row, context, 'lifecycleStage')),
    account: refTo(system, row.AccountId, ['Account']),
  };
}

/**
 * Lead -> canonical contact. A converted lead lives on as the Contact it became, so it is
 * recorded as merged into that contact (as a merged-away lead is into its master lead).
 */
export function mapLead(row: SalesforceRow, context: MappingContext): SourceContactInput {
  const { system } = context;
  const converted = row.IsConverted === true ? refTo(system, row.ConvertedContactId, ['Contact']) : null;
  return {
    kind: 'contact',
    ref: { system, objectType: 'Lead', externalId: String(row.Id) },
    ...personFields(row, context),
    mergedInto: refTo(system, row.MasterRecordId, ['Lead']) ?? converted,
    lifecycleStage:
      context.fields.lifecycleStage === undefined
        ? 'lead'
        : mapValue(context.valueMaps, 'lifecycleStage', mapped(row, context, 'lifecycleStage')),
    account: null,
  };
}

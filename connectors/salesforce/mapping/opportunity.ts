import type { SourceDealInput } from '../../../core/schema/index.ts';
import { type MappingContext, mapped } from './context.ts';
import { instant, num, pickProperties, refTo, type SalesforceRow, text } from './values.ts';

/** Opportunity -> canonical deal: IsWon/IsClosed decide the status, CloseDate the close of a closed one. */
export function mapOpportunity(row: SalesforceRow, context: MappingContext): SourceDealInput {
  const { system } = context;
  const closed = row.IsClosed === true;
  const amount = num(row.Amount);
  const currency = text(mapped(row, context, 'currency'));
  return {
    kind: 'deal',
    ref: { system, objectType: 'Opportunity', externalId: String(row.Id) },
    updatedAt: instant(row.SystemModstamp) ?? '',
    createdAt: instant(row.CreatedDate),
    deleted: row.IsDeleted === true,
    name: text(row.Name),
    account: refTo(system, row.AccountId, ['Account']),
    contact: refTo(system, row.ContactId, ['Contact']),
    stage: text(mapped(row, context, 'stage')),
    status: row.IsWon === true ? 'won' : closed ? 'lost' : 'open',
    amount: amount !== null && amount >= 0 ? amount : null,
    currency: currency && currency.length === 3 ? currency : null,
    closedAt: closed ? instant(row.CloseDate) : null,
    ownerId: text(mapped(row, context, 'ownerId')),
    properties: pickProperties(row, context.properties),
  };
}

import type { Properties, SourceDealInput } from '../../../core/schema/index.ts';
import { type MappingContext, mapped } from './context.ts';
import { instant, num, pickProperties, refTo, type SalesforceRow, text } from './values.ts';

/**
 * Opportunity -> canonical deal: IsWon/IsClosed decide the status, CloseDate the close of a closed
 * one. In a multi-currency org the amount is converted to the corporate currency at the rate that
 * holds on CloseDate; the original amount, currency and rate stay as properties.
 */
export function mapOpportunity(row: SalesforceRow, context: MappingContext): SourceDealInput {
  const { system } = context;
  const closed = row.IsClosed === true;
  const original = num(row.Amount);
  const originalCurrency = text(mapped(row, context, 'currency'));
  const conversion =
    context.currency && original !== null && original >= 0
      ? context.currency.convert(original, originalCurrency, text(row.CloseDate))
      : null;
  const amount = conversion ? conversion.amount : original;
  const currency = conversion ? conversion.currency : originalCurrency;
  const converted: Properties =
    conversion && conversion.source !== 'corporate'
      ? { Amount: original, CurrencyIsoCode: originalCurrency, ConversionRate: conversion.rate }
      : {};
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
    properties: { ...pickProperties(row, context.properties), ...converted },
  };
}

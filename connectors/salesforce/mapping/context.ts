import type { CurrencyConverter } from '../currency.ts';
import type { SalesforceRow } from './values.ts';

/** What the mapping of one stream needs to know besides the row: resolved field names and maps. */
export interface MappingContext {
  /** Connector instance name: the `system` of every ref. */
  readonly system: string;
  /** Canonical field -> Salesforce field present in the org (absent: not mapped). */
  readonly fields: Readonly<Record<string, string>>;
  readonly properties: readonly string[];
  readonly valueMaps: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Multi-currency orgs: converts opportunity amounts to the corporate currency. */
  readonly currency?: CurrencyConverter;
}

/** The raw value of a mappable canonical field, or undefined when it is not mapped. */
export function mapped(row: SalesforceRow, context: MappingContext, canonical: string): unknown {
  const name = context.fields[canonical];
  return name === undefined ? undefined : row[name];
}

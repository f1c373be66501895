import type { RejectedRecord } from '../../../core/connectors/source.ts';
import { type SourceRecord, type SourceRecordInput, sourceRecordSchema } from '../../../core/schema/index.ts';
import type { SalesforceStreamName } from '../streams.ts';
import { mapAccount } from './account.ts';
import { mapCalendarEvent, mapTask } from './activity.ts';
import type { MappingContext } from './context.ts';
import { mapOpportunity } from './opportunity.ts';
import { mapContact, mapLead } from './people.ts';
import type { SalesforceRow } from './values.ts';

export type { MappingContext } from './context.ts';
export type { SalesforceRow } from './values.ts';

const mappers: Readonly<
  Record<SalesforceStreamName, (row: SalesforceRow, context: MappingContext) => SourceRecordInput>
> = {
  accounts: mapAccount,
  contacts: mapContact,
  leads: mapLead,
  opportunities: mapOpportunity,
  tasks: mapTask,
  events: mapCalendarEvent,
};

/**
 * Maps one queried row to a validated canonical record, or to a rejection that names the
 * Salesforce record and field so a person can find and fix it.
 */
export function mapSalesforceRow(
  stream: SalesforceStreamName,
  object: string,
  row: SalesforceRow,
  context: MappingContext,
): { record: SourceRecord } | { rejected: RejectedRecord } {
  const parsed = sourceRecordSchema.safeParse(mappers[stream](row, context));
  if (parsed.success) return { record: parsed.data };
  const issue = parsed.error.issues[0];
  const column = issue ? issue.path.join('.') : undefined;
  const { attributes: _attributes, ...raw } = row;
  return {
    rejected: {
      location: { recordId: `${object}/${String(row.Id)}`, ...(column ? { column } : {}) },
      reason: `${object} ${String(row.Id)}: ${column ? `${column}: ` : ''}${issue?.message ?? 'invalid record'}`,
      raw: JSON.stringify(raw),
    },
  };
}

import { z } from 'zod';
import type { RecordChange } from './records-changed.ts';

/**
 * Salesforce has no signed JSON webhook of its own (outbound messages are SOAP), so an Apex trigger
 * on the Change Data Capture events, a Flow HTTP callout or a relay posts the events' change
 * headers as JSON: `{"events": [{"ChangeEventHeader": {...}, ...changed fields}]}`, with the
 * headers X-Scorebridge-Timestamp (epoch ms) and X-Scorebridge-Signature (see signature.ts).
 * Field names follow the CDC ChangeEventHeader.
 */
const changeEventHeaderSchema = z.looseObject({
  entityName: z.string().min(1),
  changeType: z.enum([
    'CREATE',
    'UPDATE',
    'DELETE',
    'UNDELETE',
    'GAP_CREATE',
    'GAP_UPDATE',
    'GAP_DELETE',
    'GAP_UNDELETE',
    'GAP_OVERFLOW',
  ]),
  recordIds: z.array(z.string().regex(/^[a-zA-Z0-9]{15,18}$/, 'expected a 15 or 18 character Salesforce id')),
  commitTimestamp: z.number().int().nonnegative(),
  transactionKey: z.string().min(1),
  sequenceNumber: z.number().int().nonnegative(),
  changeOrigin: z.string().optional(),
  changedFields: z.array(z.string()).optional(),
});

const changeEventSchema = z.looseObject({ ChangeEventHeader: changeEventHeaderSchema });
export type SalesforceChangeEvent = z.output<typeof changeEventSchema>;

export const salesforcePayloadSchema = z.strictObject({
  events: z.array(changeEventSchema).min(1, 'a notification holds at least one change event').max(1000),
});

/** Objects the Salesforce connector syncs (source refs use the API names). */
const SYNCED_OBJECTS = new Set(['Account', 'Contact', 'Lead', 'Opportunity', 'Task', 'Event']);

/** Redeliveries carry the same transaction key and sequence number. */
export function salesforceEventKey(event: SalesforceChangeEvent): string {
  const header = event.ChangeEventHeader;
  return `${header.transactionKey}/${header.sequenceNumber}`;
}

/** The synced object type of the event, or undefined for objects the connector does not read. */
export function salesforceObjectType(event: SalesforceChangeEvent): string | undefined {
  const name = event.ChangeEventHeader.entityName;
  return SYNCED_OBJECTS.has(name) ? name : undefined;
}

export function salesforceRecordChanges(event: SalesforceChangeEvent): RecordChange[] {
  const objectType = salesforceObjectType(event);
  if (objectType === undefined) return [];
  const header = event.ChangeEventHeader;
  const deleted = header.changeType === 'DELETE' || header.changeType === 'GAP_DELETE';
  return header.recordIds.map((id) => ({ objectType, id, deleted, occurredAt: header.commitTimestamp }));
}

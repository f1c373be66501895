import type { SourceEventInput, WellKnownEventType } from '../../../core/schema/index.ts';
import type { MappingContext } from './context.ts';
import { instant, num, pickProperties, refTo, type SalesforceRow, text } from './values.ts';

/** Task kinds: the subtype (set by the UI that logged it) wins over the editable Type picklist. */
export function taskEventType(row: SalesforceRow): WellKnownEventType {
  const subtype = text(row.TaskSubtype);
  const type = text(row.Type);
  if (subtype === 'Call' || type === 'Call') return 'call';
  if (subtype === 'Email' || subtype === 'ListEmail' || type === 'Email') return 'email_sent';
  if (type === 'Meeting') return 'meeting';
  return 'task';
}

function subject(row: SalesforceRow, system: string) {
  return {
    contact: refTo(system, row.WhoId, ['Contact', 'Lead']),
    account: refTo(system, row.AccountId, ['Account']) ?? refTo(system, row.WhatId, ['Account']),
  };
}

/** Task -> event (call, email_sent, meeting or task); a call's value is its duration in minutes. */
export function mapTask(row: SalesforceRow, context: MappingContext): SourceEventInput {
  const type = taskEventType(row);
  const seconds = num(row.CallDurationInSeconds);
  return {
    kind: 'event',
    ref: { system: context.system, objectType: 'Task', externalId: String(row.Id) },
    type,
    occurredAt: instant(row.CompletedDateTime) ?? instant(row.ActivityDate) ?? instant(row.CreatedDate) ?? '',
    ...subject(row, context.system),
    value: type === 'call' && seconds !== null ? Math.round((seconds / 60) * 100) / 100 : null,
    deleted: row.IsDeleted === true,
    properties: pickProperties(row, context.properties),
  };
}

/** Calendar Event -> meeting (or call, when typed so); its value is the duration in minutes. */
export function mapCalendarEvent(row: SalesforceRow, context: MappingContext): SourceEventInput {
  return {
    kind: 'event',
    ref: { system: context.system, objectType: 'Event', externalId: String(row.Id) },
    type: text(row.Type) === 'Call' ? 'call' : 'meeting',
    occurredAt: instant(row.StartDateTime) ?? instant(row.CreatedDate) ?? '',
    ...subject(row, context.system),
    value: num(row.DurationInMinutes),
    deleted: row.IsDeleted === true,
    properties: pickProperties(row, context.properties),
  };
}

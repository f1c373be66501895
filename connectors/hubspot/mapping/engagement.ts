import type { SourceEventInput, WellKnownEventType } from '../../../core/schema/index.ts';
import type { HubObject } from '../api/types.ts';
import { firstAssociated, instant, type MappingContext, number, ref, text } from './shared.ts';

export type EngagementType = 'emails' | 'meetings' | 'calls' | 'tasks' | 'notes';

const common = ['hs_timestamp', 'hubspot_owner_id', 'hs_createdate', 'hs_lastmodifieddate'];

export const engagementProperties: Readonly<Record<EngagementType, readonly string[]>> = {
  emails: [
    ...common,
    'hs_email_direction',
    'hs_email_status',
    'hs_email_subject',
    'hs_email_open_count',
    'hs_email_click_count',
    'hs_email_reply_count',
  ],
  meetings: [
    ...common,
    'hs_meeting_title',
    'hs_meeting_start_time',
    'hs_meeting_end_time',
    'hs_meeting_outcome',
  ],
  calls: [...common, 'hs_call_title', 'hs_call_duration', 'hs_call_direction', 'hs_call_status'],
  tasks: [...common, 'hs_task_subject', 'hs_task_status', 'hs_task_priority', 'hs_task_type'],
  notes: [...common],
};

type Scalar = string | number | boolean | null;

function compact(values: Record<string, Scalar | undefined>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/**
 * The events one engagement stands for. An outgoing e-mail is `email_sent` (`email_bounce` when it
 * bounced); an incoming one is `email_reply`. HubSpot tracks opens and clicks only as counts on the
 * e-mail, with no time of their own, so they become one `email_open` / `email_click` event at the
 * send time with the count as value, under their own ids ("<id>:open"). Meetings and calls carry
 * their length in minutes.
 */
export function mapEngagement(
  object: HubObject,
  type: EngagementType,
  context: MappingContext,
): SourceEventInput[] {
  const p = object.properties;
  const occurredAt = instant(p.hs_timestamp) ?? instant(p.hs_createdate) ?? object.createdAt;
  const contactId = firstAssociated(object, 'contacts');
  const companyId = firstAssociated(object, 'companies');
  const event = (
    eventType: WellKnownEventType,
    idSuffix: string,
    value: number | null,
    properties: Record<string, Scalar | undefined>,
  ): SourceEventInput => ({
    kind: 'event',
    ref: ref(context.system, type, `${object.id}${idSuffix}`),
    type: eventType,
    occurredAt,
    contact: contactId ? ref(context.system, 'contacts', contactId) : null,
    account: companyId ? ref(context.system, 'companies', companyId) : null,
    value,
    deleted: object.archived,
    properties: compact({ owner_id: text(p.hubspot_owner_id), ...properties }),
  });
  switch (type) {
    case 'emails': {
      const direction = text(p.hs_email_direction);
      const subject = text(p.hs_email_subject);
      if (direction === 'INCOMING_EMAIL') return [event('email_reply', '', null, { subject })];
      const bounced = text(p.hs_email_status) === 'BOUNCED';
      const events = [
        event(bounced ? 'email_bounce' : 'email_sent', '', null, {
          subject,
          status: text(p.hs_email_status),
        }),
      ];
      const opens = number(p.hs_email_open_count) ?? 0;
      const clicks = number(p.hs_email_click_count) ?? 0;
      if (opens > 0) events.push(event('email_open', ':open', opens, { subject }));
      if (clicks > 0) events.push(event('email_click', ':click', clicks, { subject }));
      return events;
    }
    case 'meetings': {
      const start = instant(p.hs_meeting_start_time);
      const end = instant(p.hs_meeting_end_time);
      const minutes = start && end ? (Date.parse(end) - Date.parse(start)) / 60_000 : null;
      return [
        event('meeting', '', minutes, {
          outcome: text(p.hs_meeting_outcome),
          title: text(p.hs_meeting_title),
        }),
      ];
    }
    case 'calls': {
      const duration = number(p.hs_call_duration);
      return [
        event('call', '', duration === null ? null : duration / 60_000, {
          status: text(p.hs_call_status),
          direction: text(p.hs_call_direction),
        }),
      ];
    }
    case 'tasks':
      return [
        event('task', '', null, {
          status: text(p.hs_task_status),
          priority: text(p.hs_task_priority),
          task_type: text(p.hs_task_type),
          subject: text(p.hs_task_subject),
        }),
      ];
    case 'notes':
      return [event('note', '', null, {})];
  }
}

import type { ObjectType } from './object-types.ts';
import type { FieldType, PropertyDefinition, PropertyType } from './property-types.ts';

interface Spec {
  readonly name: string;
  readonly type: PropertyType;
  readonly options?: readonly string[];
  readonly readOnly?: boolean;
  readonly unique?: boolean;
}

const fieldTypeOf: Record<PropertyType, FieldType> = {
  bool: 'booleancheckbox',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
  number: 'number',
  phone_number: 'phonenumber',
  string: 'text',
};

const text = (name: string): Spec => ({ name, type: 'string' });
const num = (name: string): Spec => ({ name, type: 'number' });
const time = (name: string): Spec => ({ name, type: 'datetime' });
const pick = (name: string, options: readonly string[]): Spec => ({ name, type: 'enumeration', options });
const system = (name: string, type: PropertyType): Spec => ({ name, type, readOnly: true });

const lifecycleStages = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
  'other',
];

const common = (lastModified: string, created: string): Spec[] => [
  system('hs_object_id', 'number'),
  system(created, 'datetime'),
  system(lastModified, 'datetime'),
  text('hubspot_owner_id'),
];

const merged = system('hs_merged_object_ids', 'enumeration');

const specs: Record<ObjectType, Spec[]> = {
  contacts: [
    ...common('lastmodifieddate', 'createdate'),
    { name: 'email', type: 'string', unique: true },
    text('firstname'),
    text('lastname'),
    text('jobtitle'),
    { name: 'phone', type: 'phone_number' },
    text('company'),
    text('country'),
    text('city'),
    text('hs_timezone'),
    pick('lifecyclestage', lifecycleStages),
    pick('hs_buying_role', [
      'BUDGET_HOLDER',
      'CHAMPION',
      'DECISION_MAKER',
      'END_USER',
      'INFLUENCER',
      'LEGAL_AND_COMPLIANCE',
      'OTHER',
    ]),
    { name: 'hs_email_optout', type: 'bool' },
    num('associatedcompanyid'),
    merged,
  ],
  companies: [
    ...common('hs_lastmodifieddate', 'createdate'),
    text('name'),
    text('domain'),
    text('website'),
    text('industry'),
    num('numberofemployees'),
    num('annualrevenue'),
    text('country'),
    text('city'),
    { name: 'phone', type: 'phone_number' },
    pick('lifecyclestage', lifecycleStages),
    merged,
  ],
  deals: [
    ...common('hs_lastmodifieddate', 'createdate'),
    text('dealname'),
    num('amount'),
    text('dealstage'),
    text('pipeline'),
    time('closedate'),
    text('deal_currency_code'),
    system('amount_in_home_currency', 'number'),
    system('hs_is_closed', 'bool'),
    system('hs_is_closed_won', 'bool'),
    merged,
  ],
  emails: [
    ...common('hs_lastmodifieddate', 'hs_createdate'),
    time('hs_timestamp'),
    pick('hs_email_direction', ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL', 'DRAFT_EMAIL']),
    pick('hs_email_status', ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT']),
    text('hs_email_subject'),
    text('hs_email_text'),
    system('hs_email_open_count', 'number'),
    system('hs_email_click_count', 'number'),
    system('hs_email_reply_count', 'number'),
  ],
  meetings: [
    ...common('hs_lastmodifieddate', 'hs_createdate'),
    time('hs_timestamp'),
    text('hs_meeting_title'),
    text('hs_meeting_body'),
    time('hs_meeting_start_time'),
    time('hs_meeting_end_time'),
    pick('hs_meeting_outcome', ['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED']),
  ],
  calls: [
    ...common('hs_lastmodifieddate', 'hs_createdate'),
    time('hs_timestamp'),
    text('hs_call_title'),
    text('hs_call_body'),
    num('hs_call_duration'),
    pick('hs_call_direction', ['INBOUND', 'OUTBOUND']),
    pick('hs_call_status', [
      'BUSY',
      'CALLING_CRM_USER',
      'CANCELED',
      'COMPLETED',
      'CONNECTING',
      'FAILED',
      'IN_PROGRESS',
      'NO_ANSWER',
      'QUEUED',
      'RINGING',
    ]),
  ],
  tasks: [
    ...common('hs_lastmodifieddate', 'hs_createdate'),
    time('hs_timestamp'),
    text('hs_task_subject'),
    text('hs_task_body'),
    pick('hs_task_status', ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']),
    pick('hs_task_priority', ['NONE', 'LOW', 'MEDIUM', 'HIGH']),
    pick('hs_task_type', ['CALL', 'EMAIL', 'TODO']),
  ],
  notes: [...common('hs_lastmodifieddate', 'hs_createdate'), time('hs_timestamp'), text('hs_note_body')],
};

export const defaultGroupName: Record<ObjectType, string> = {
  contacts: 'contactinformation',
  companies: 'companyinformation',
  deals: 'dealinformation',
  emails: 'emailinformation',
  meetings: 'meetinginformation',
  calls: 'callinformation',
  tasks: 'taskinformation',
  notes: 'noteinformation',
};

/** The HubSpot-defined properties of a fresh portal. */
export function defaultProperties(type: ObjectType, now: number): PropertyDefinition[] {
  return specs[type].map((spec, index) => ({
    name: spec.name,
    label: spec.name,
    type: spec.type,
    fieldType: spec.type === 'enumeration' && spec.readOnly ? 'checkbox' : fieldTypeOf[spec.type],
    groupName: defaultGroupName[type],
    description: '',
    options: (spec.options ?? []).map((value, order) => ({
      label: value,
      value,
      displayOrder: order,
      hidden: false,
    })),
    displayOrder: index,
    hasUniqueValue: spec.unique ?? false,
    hidden: false,
    formField: !spec.readOnly,
    readOnlyValue: spec.readOnly ?? false,
    hubspotDefined: true,
    createdAt: now,
    updatedAt: now,
    archived: false,
  }));
}

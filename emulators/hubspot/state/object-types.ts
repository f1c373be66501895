/**
 * The CRM object types the emulator serves, with the names HubSpot accepts for each in URLs
 * (plural, singular and the numeric objectTypeId) and the property that carries the last
 * modification time: `lastmodifieddate` on contacts, `hs_lastmodifieddate` everywhere else.
 */
export const objectTypes = [
  'contacts',
  'companies',
  'deals',
  'emails',
  'meetings',
  'calls',
  'tasks',
  'notes',
] as const;
export type ObjectType = (typeof objectTypes)[number];

export const engagementTypes = [
  'emails',
  'meetings',
  'calls',
  'tasks',
  'notes',
] as const satisfies readonly ObjectType[];

interface ObjectTypeInfo {
  readonly singular: string;
  readonly typeId: string;
  /** The label HubSpot uses in batch error messages ("Could not get some CONTACT objects"). */
  readonly upperName: string;
  readonly lastModifiedProperty: string;
  readonly createdProperty: string;
  /** Returned by list and batch read when the caller asks for no properties. */
  readonly defaultProperties: readonly string[];
  /** Returned by search when the caller asks for no properties. */
  readonly defaultSearchProperties: readonly string[];
  /** Properties `query` matches in a search. */
  readonly queryProperties: readonly string[];
}

const engagementDefaults = (
  extra: string[],
): Pick<
  ObjectTypeInfo,
  | 'lastModifiedProperty'
  | 'createdProperty'
  | 'defaultProperties'
  | 'defaultSearchProperties'
  | 'queryProperties'
> => ({
  lastModifiedProperty: 'hs_lastmodifieddate',
  createdProperty: 'hs_createdate',
  defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  defaultSearchProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  queryProperties: extra,
});

export const objectTypeInfo: Readonly<Record<ObjectType, ObjectTypeInfo>> = {
  contacts: {
    singular: 'contact',
    typeId: '0-1',
    upperName: 'CONTACT',
    lastModifiedProperty: 'lastmodifieddate',
    createdProperty: 'createdate',
    defaultProperties: ['firstname', 'lastname', 'email', 'createdate', 'lastmodifieddate', 'hs_object_id'],
    defaultSearchProperties: [
      'createdate',
      'email',
      'firstname',
      'hs_object_id',
      'lastmodifieddate',
      'lastname',
    ],
    queryProperties: ['email', 'firstname', 'lastname', 'phone', 'company'],
  },
  companies: {
    singular: 'company',
    typeId: '0-2',
    upperName: 'COMPANY',
    lastModifiedProperty: 'hs_lastmodifieddate',
    createdProperty: 'createdate',
    defaultProperties: ['name', 'domain', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'],
    defaultSearchProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    queryProperties: ['name', 'domain', 'website', 'phone'],
  },
  deals: {
    singular: 'deal',
    typeId: '0-3',
    upperName: 'DEAL',
    lastModifiedProperty: 'hs_lastmodifieddate',
    createdProperty: 'createdate',
    defaultProperties: [
      'dealname',
      'amount',
      'closedate',
      'dealstage',
      'pipeline',
      'createdate',
      'hs_lastmodifieddate',
      'hs_object_id',
    ],
    defaultSearchProperties: [
      'amount',
      'closedate',
      'createdate',
      'dealname',
      'dealstage',
      'hs_lastmodifieddate',
      'hs_object_id',
      'pipeline',
    ],
    queryProperties: ['dealname'],
  },
  emails: {
    singular: 'email',
    typeId: '0-49',
    upperName: 'EMAIL',
    ...engagementDefaults(['hs_email_subject']),
  },
  meetings: {
    singular: 'meeting',
    typeId: '0-47',
    upperName: 'MEETING',
    ...engagementDefaults(['hs_meeting_title']),
  },
  calls: { singular: 'call', typeId: '0-48', upperName: 'CALL', ...engagementDefaults(['hs_call_title']) },
  tasks: { singular: 'task', typeId: '0-27', upperName: 'TASK', ...engagementDefaults(['hs_task_subject']) },
  notes: { singular: 'note', typeId: '0-46', upperName: 'NOTE', ...engagementDefaults(['hs_note_body']) },
};

const aliases = new Map<string, ObjectType>();
for (const type of objectTypes) {
  const info = objectTypeInfo[type];
  for (const alias of [type, info.singular, info.typeId]) aliases.set(alias.toLowerCase(), type);
}

/** The object type a URL segment names, or null when HubSpot would answer "Unable to infer object type". */
export function resolveObjectType(segment: string): ObjectType | null {
  return aliases.get(segment.toLowerCase()) ?? null;
}

export function isEngagement(type: ObjectType): boolean {
  return (engagementTypes as readonly ObjectType[]).includes(type);
}

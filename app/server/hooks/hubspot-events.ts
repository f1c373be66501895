import { z } from 'zod';
import type { RecordChange } from './records-changed.ts';

const objectId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

/** One HubSpot webhook event (developers.hubspot.com "Webhooks API": the payload is an array of these). */
const hubspotEventSchema = z.looseObject({
  eventId: z.union([z.number().int(), z.string().min(1)]).transform(String),
  subscriptionType: z
    .string()
    .regex(/^[a-z_]+\.[A-Za-z_]+$/, 'expected "<object>.<event>", e.g. contact.propertyChange'),
  occurredAt: z.number().int().nonnegative(),
  objectId: objectId.optional(),
  objectTypeId: z.string().optional(),
  portalId: z.number().int().optional(),
  attemptNumber: z.number().int().optional(),
  changeSource: z.string().optional(),
  propertyName: z.string().optional(),
  primaryObjectId: objectId.optional(),
  mergedObjectIds: z.array(objectId).optional(),
  associationType: z.string().optional(),
  fromObjectId: objectId.optional(),
  toObjectId: objectId.optional(),
});
export type HubspotEvent = z.output<typeof hubspotEventSchema>;

export const hubspotPayloadSchema = z
  .array(hubspotEventSchema)
  .min(1, 'a HubSpot delivery holds at least one event')
  .max(1000, 'HubSpot sends at most 100 events per request; more is not a HubSpot delivery');

/** Subscription prefixes (and generic object.* type ids) of the objects the HubSpot connector syncs. */
const OBJECT_TYPES: Readonly<Record<string, string>> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  '0-1': 'contacts',
  '0-2': 'companies',
  '0-3': 'deals',
  CONTACT: 'contacts',
  COMPANY: 'companies',
  DEAL: 'deals',
};

const DELETIONS = new Set(['deletion', 'privacyDeletion']);

/**
 * The records an event touches. Merges change the winner and retire the losers; association
 * changes ("CONTACT_TO_COMPANY") touch both ends; subscriptions for objects we do not sync
 * (tickets, conversations) touch nothing.
 */
export function hubspotRecordChanges(event: HubspotEvent): RecordChange[] {
  const [prefix = '', action = ''] = event.subscriptionType.split('.');
  const objectType = prefix === 'object' ? OBJECT_TYPES[event.objectTypeId ?? ''] : OBJECT_TYPES[prefix];
  const at = event.occurredAt;
  if (action === 'associationChange') {
    const [from = '', to = ''] = (event.associationType ?? '').split('_TO_');
    return [
      { type: OBJECT_TYPES[from], id: event.fromObjectId },
      { type: OBJECT_TYPES[to], id: event.toObjectId },
    ].flatMap(({ type, id }) =>
      type !== undefined && id !== undefined
        ? [{ objectType: type, id, deleted: false, occurredAt: at }]
        : [],
    );
  }
  if (objectType === undefined) return [];
  if (action === 'merge') {
    const winner = event.primaryObjectId ?? event.objectId;
    return [
      ...(winner === undefined ? [] : [{ objectType, id: winner, deleted: false, occurredAt: at }]),
      ...(event.mergedObjectIds ?? [])
        .filter((id) => id !== winner)
        .map((id) => ({ objectType, id, deleted: true, occurredAt: at })),
    ];
  }
  if (event.objectId === undefined) return [];
  return [{ objectType, id: event.objectId, deleted: DELETIONS.has(action), occurredAt: at }];
}

import { describe, expect, it } from 'vitest';
import { hubspotPayloadSchema, hubspotRecordChanges } from '../../../../app/server/hooks/hubspot-events.ts';
import { groupChanges } from '../../../../app/server/hooks/records-changed.ts';
import {
  salesforcePayloadSchema,
  salesforceRecordChanges,
} from '../../../../app/server/hooks/salesforce-events.ts';

const base = { eventId: 1, occurredAt: 1000, portalId: 1 };
const parseOne = (event: Record<string, unknown>) => hubspotPayloadSchema.parse([{ ...base, ...event }])[0]!;

describe('HubSpot webhook events -> record changes', () => {
  it('maps contact, company and deal subscriptions, deletions and generic object.* events', () => {
    expect(
      hubspotRecordChanges(parseOne({ subscriptionType: 'contact.propertyChange', objectId: 5 })),
    ).toEqual([{ objectType: 'contacts', id: '5', deleted: false, occurredAt: 1000 }]);
    expect(hubspotRecordChanges(parseOne({ subscriptionType: 'company.deletion', objectId: 6 }))).toEqual([
      { objectType: 'companies', id: '6', deleted: true, occurredAt: 1000 },
    ]);
    expect(
      hubspotRecordChanges(parseOne({ subscriptionType: 'contact.privacyDeletion', objectId: 7 }))[0]
        ?.deleted,
    ).toBe(true);
    expect(
      hubspotRecordChanges(
        parseOne({ subscriptionType: 'object.propertyChange', objectTypeId: '0-3', objectId: '8' }),
      ),
    ).toEqual([{ objectType: 'deals', id: '8', deleted: false, occurredAt: 1000 }]);
    expect(hubspotRecordChanges(parseOne({ subscriptionType: 'ticket.creation', objectId: 9 }))).toEqual([]);
  });

  it('turns a merge into a changed winner and retired losers, and an association change into both ends', () => {
    const merge = parseOne({
      subscriptionType: 'contact.merge',
      objectId: 10,
      primaryObjectId: 10,
      mergedObjectIds: [11, 10, 12],
    });
    expect(hubspotRecordChanges(merge).map((c) => [c.id, c.deleted])).toEqual([
      ['10', false],
      ['11', true],
      ['12', true],
    ]);
    const association = parseOne({
      subscriptionType: 'contact.associationChange',
      associationType: 'CONTACT_TO_COMPANY',
      fromObjectId: 20,
      toObjectId: 30,
    });
    expect(hubspotRecordChanges(association).map((c) => [c.objectType, c.id])).toEqual([
      ['contacts', '20'],
      ['companies', '30'],
    ]);
  });

  it('refuses malformed deliveries, naming the field', () => {
    const result = hubspotPayloadSchema.safeParse([
      { ...base, subscriptionType: 'contact.creation', objectId: -1 },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([0, 'objectId']);
    expect(hubspotPayloadSchema.safeParse([]).success).toBe(false);
    expect(hubspotPayloadSchema.safeParse({ events: [] }).success).toBe(false);
  });
});

describe('Salesforce change events -> record changes', () => {
  const header = {
    entityName: 'Lead',
    changeType: 'DELETE',
    recordIds: ['00Q000000000001AAA'],
    commitTimestamp: 5,
    transactionKey: 't',
    sequenceNumber: 1,
  };

  it('maps synced objects and deletions, ignores objects the connector does not read', () => {
    const payload = salesforcePayloadSchema.parse({
      events: [{ ChangeEventHeader: header }, { ChangeEventHeader: { ...header, entityName: 'Case' } }],
    });
    expect(payload.events.flatMap(salesforceRecordChanges)).toEqual([
      { objectType: 'Lead', id: '00Q000000000001AAA', deleted: true, occurredAt: 5 },
    ]);
  });

  it('refuses ids that are not Salesforce ids', () => {
    const result = salesforcePayloadSchema.safeParse({
      events: [{ ChangeEventHeader: { ...header, recordIds: ['x'] } }],
    });
    expect(result.error?.issues[0]?.path).toEqual(['events', 0, 'ChangeEventHeader', 'recordIds', 0]);
  });
});

describe('grouping record changes', () => {
  it('groups by object type and lets the latest event of a record decide where it lands', () => {
    const groups = groupChanges('crm', [
      { objectType: 'contacts', id: '1', deleted: true, occurredAt: 10 },
      { objectType: 'contacts', id: '1', deleted: false, occurredAt: 20 },
      { objectType: 'contacts', id: '2', deleted: false, occurredAt: 5 },
      { objectType: 'contacts', id: '2', deleted: true, occurredAt: 6 },
      { objectType: 'companies', id: '3', deleted: false, occurredAt: 1 },
    ]);
    expect(groups).toEqual([
      { connector: 'crm', objectType: 'contacts', ids: ['1'], deleted: ['2'] },
      { connector: 'crm', objectType: 'companies', ids: ['3'], deleted: [] },
    ]);
    expect(groupChanges('sf', [], ['Account'])).toEqual([
      { connector: 'sf', objectType: 'Account', ids: [], deleted: [] },
    ]);
  });
});

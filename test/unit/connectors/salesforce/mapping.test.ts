import { describe, expect, it } from 'vitest';
import { taskEventType } from '../../../../connectors/salesforce/mapping/activity.ts';
import type { MappingContext } from '../../../../connectors/salesforce/mapping/context.ts';
import { mapSalesforceRow } from '../../../../connectors/salesforce/mapping/index.ts';
import { domainFromWebsite, instant } from '../../../../connectors/salesforce/mapping/values.ts';

const context = (fields: Record<string, string> = {}, valueMaps = {}): MappingContext => ({
  system: 'sf',
  fields,
  properties: [],
  valueMaps,
});
const stamp = '2026-03-01T10:00:00.000+0000';

describe('Salesforce row mapping', () => {
  it('reads Salesforce datetimes, dates and websites', () => {
    expect(instant('2026-03-01T10:00:00.000+0000')).toBe('2026-03-01T10:00:00.000Z');
    expect(instant('2026-03-01T12:00:00.000+0200')).toBe('2026-03-01T10:00:00.000Z');
    expect(instant('2026-03-01')).toBe('2026-03-01T00:00:00.000Z');
    expect(domainFromWebsite('https://www.Acme.co.uk/about?x=1')).toBe('acme.co.uk');
    expect(domainFromWebsite('not a site')).toBeNull();
  });

  it('classifies tasks by subtype first, then type', () => {
    expect(taskEventType({ TaskSubtype: 'Call', Type: 'Email' })).toBe('call');
    expect(taskEventType({ TaskSubtype: 'ListEmail' })).toBe('email_sent');
    expect(taskEventType({ Type: 'Meeting' })).toBe('meeting');
    expect(taskEventType({ Subject: 'Follow up' })).toBe('task');
  });

  it('turns a converted lead into a contact merged into the contact it became', () => {
    const mapped = mapSalesforceRow(
      'leads',
      'Lead',
      {
        Id: '00Q8D0000000001AAA',
        IsDeleted: false,
        SystemModstamp: stamp,
        Email: 'ana@acme.com',
        LastName: 'Ruiz',
        Company: 'Acme',
        IsConverted: true,
        ConvertedContactId: '0038D0000000009AAA',
        HasOptedOutOfEmail: true,
      },
      context(),
    );
    expect(mapped).toEqual({
      record: expect.objectContaining({
        kind: 'contact',
        ref: { system: 'sf', objectType: 'Lead', externalId: '00Q8D0000000001AAA' },
        mergedInto: { system: 'sf', objectType: 'Contact', externalId: '0038D0000000009AAA' },
        lifecycleStage: 'lead',
        emailOptIn: false,
        account: null,
      }),
    });
  });

  it('maps account status through the value map and keeps only valid statuses', () => {
    const row = {
      Id: '0018D0000000001AAA',
      SystemModstamp: stamp,
      Name: 'Acme',
      Type: 'Former Customer',
      Website: 'acme.com',
    };
    const ctx = context({ status: 'Type', domain: 'Website' }, { status: { 'Former Customer': 'churned' } });
    expect(mapSalesforceRow('accounts', 'Account', row, ctx)).toEqual({
      record: expect.objectContaining({ status: 'churned', domain: 'acme.com', deleted: false }),
    });
    const unknown = mapSalesforceRow('accounts', 'Account', { ...row, Type: 'Partner' }, ctx);
    expect(unknown).toEqual({ record: expect.objectContaining({ status: null }) });
  });

  it('derives deal status from IsWon and IsClosed', () => {
    const base = {
      Id: '0068D0000000001AAA',
      SystemModstamp: stamp,
      Name: 'Renewal',
      StageName: 'Closed Lost',
      CloseDate: '2026-02-01',
    };
    const lost = mapSalesforceRow(
      'opportunities',
      'Opportunity',
      { ...base, IsClosed: true, IsWon: false },
      context({ stage: 'StageName' }),
    );
    expect(lost).toEqual({
      record: expect.objectContaining({
        status: 'lost',
        stage: 'Closed Lost',
        closedAt: '2026-02-01T00:00:00.000Z',
      }),
    });
    const open = mapSalesforceRow(
      'opportunities',
      'Opportunity',
      { ...base, IsClosed: false, IsWon: false },
      context(),
    );
    expect(open).toEqual({ record: expect.objectContaining({ status: 'open', closedAt: null }) });
  });

  it('rejects an invalid record naming the Salesforce record and field', () => {
    const mapped = mapSalesforceRow(
      'contacts',
      'Contact',
      { Id: '0038D0000000001AAA', SystemModstamp: stamp, Email: 'not-an-email' },
      context(),
    );
    expect(mapped).toEqual({
      rejected: expect.objectContaining({
        location: { recordId: 'Contact/0038D0000000001AAA', column: 'email' },
        reason: expect.stringContaining('Contact 0038D0000000001AAA: email:'),
      }),
    });
  });
});

import { describe, expect, it } from 'vitest';
import { bulkUpdateCsv } from '../../../../connectors/salesforce/bulk-csv.ts';
import {
  type FieldMeta,
  intentProblem,
  planWrites,
  sameValue,
} from '../../../../connectors/salesforce/write-plan.ts';
import { parseBulkError } from '../../../../connectors/salesforce/write-results.ts';
import type { FieldWriteIntent, WriteResult } from '../../../../core/connectors/destination.ts';

const score: FieldMeta = { name: 'Lead_Score__c', type: 'double', scale: 0, updateable: true };
const tier: FieldMeta = { name: 'Tier__c', type: 'picklist', scale: 0, updateable: true };
const fields = new Map([
  ['lead_score__c', score],
  ['tier__c', tier],
  ['name', { name: 'Name', type: 'string', scale: 0, updateable: false }],
]);
const intent = (key: string, recordId: string, values: FieldWriteIntent['fields']): FieldWriteIntent => ({
  idempotencyKey: key,
  objectType: 'Contact',
  recordId,
  fields: values,
});

describe('write planning', () => {
  it('compares values the way Salesforce stores them', () => {
    expect(sameValue(score, 72, 72.4)).toBe(true);
    expect(sameValue({ ...score, scale: 2 }, 72, 72.4)).toBe(false);
    expect(sameValue(tier, null, '')).toBe(true);
    expect(
      sameValue({ ...score, type: 'datetime' }, '2026-03-01T10:00:00.000+0000', '2026-03-01T10:00:00Z'),
    ).toBe(true);
  });

  it('answers unchanged intents and sends only changed fields', () => {
    const intents = [
      intent('a', '0038D0000000001AAA', { Lead_Score__c: 50, Tier__c: 'medium' }),
      intent('b', '0038D0000000002AAA', { Lead_Score__c: 80 }),
      intent('c', '0038D0000000002AAA', { Tier__c: 'high' }),
      intent('d', '0038D0000000003AAA', { Lead_Score__c: 1 }),
    ];
    const current = new Map<string, Record<string, unknown>>([
      ['0038D0000000001', { Id: '0038D0000000001AAA', Lead_Score__c: 50, Tier__c: 'medium' }],
      ['0038D0000000002', { Id: '0038D0000000002AAA', Lead_Score__c: 79, Tier__c: 'high' }],
    ]);
    const results: WriteResult[] = new Array(4);
    const writes = planWrites(intents, [0, 1, 2, 3], fields, current, results);
    expect(writes).toEqual([
      { recordId: '0038D0000000002AAA', fields: { Lead_Score__c: 80 }, intents: [1], repair: false },
    ]);
    expect(results[0]).toMatchObject({ status: 'ok', skipped: 'unchanged' });
    expect(results[2]).toMatchObject({ status: 'ok', skipped: 'unchanged' });
    expect(results[3]).toMatchObject({ status: 'failed', kind: 'permanent' });
  });

  it('names the problem with an intent before anything is sent', () => {
    expect(intentProblem(intent('x', 'bad', { Lead_Score__c: 1 }), fields)).toContain(
      'not a Salesforce record id',
    );
    expect(intentProblem(intent('x', '0038D0000000001AAA', { Name: 'x' }), fields)).toContain('read-only');
    expect(intentProblem(intent('x', '0038D0000000001AAA', { Churn__c: 1 }), fields)).toContain(
      'Contact.Churn__c does not exist',
    );
  });

  it('writes bulk CSV with empty cells for untouched fields and #N/A for nulls', () => {
    const { csv } = bulkUpdateCsv([
      { recordId: '001', fields: { A__c: 1, B__c: 'x, "y"' }, intents: [0], repair: false },
      { recordId: '002', fields: { A__c: null }, intents: [1], repair: false },
    ]);
    expect(csv).toBe('Id,A__c,B__c\n001,1,"x, ""y"""\n002,#N/A,\n');
    expect(parseBulkError('FIELD_CUSTOM_VALIDATION_EXCEPTION:Score must be <= 100:Lead_Score__c --')).toEqual(
      [
        {
          statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          message: 'Score must be <= 100',
          fields: ['Lead_Score__c'],
        },
      ],
    );
  });
});

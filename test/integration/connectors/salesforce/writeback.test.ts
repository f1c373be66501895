import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnectorError,
  type FieldWriteIntent,
  type ScoreFieldSpec,
} from '../../../../core/connectors/destination.ts';
import { seedSalesforceSynthetic } from '../../../../emulators/salesforce/index.ts';
import { AS_OF, destination, type Harness, harness } from './emulated-org.ts';

const scoreFields: ScoreFieldSpec[] = [
  { name: 'lead_score', label: 'Lead Score', type: 'number', description: 'scorebridge lead score (0-100)' },
  {
    name: 'lead_score_tier',
    label: 'Lead Score Tier',
    type: 'enumeration',
    options: ['low', 'medium', 'high'],
    description: 'Tier',
  },
];

function intents(ids: readonly string[], score: (index: number) => number): FieldWriteIntent[] {
  return ids.map((id, index) => ({
    idempotencyKey: `lead_score:${id}:${score(index)}`,
    objectType: 'Contact',
    recordId: id,
    fields: { Lead_Score__c: score(index), Lead_Score_Tier__c: score(index) > 70 ? 'high' : 'low' },
  }));
}

describe('Salesforce write-back through jsforce against the emulator', () => {
  let h: Harness;
  let contactIds: readonly string[];

  beforeEach(async () => {
    h = await harness({
      validate: (object, record) =>
        object === 'Contact' && typeof record.Lead_Score__c === 'number' && record.Lead_Score__c > 100
          ? {
              statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
              message: 'Score must be <= 100',
              fields: ['Lead_Score__c'],
            }
          : null,
    });
    contactIds = seedSalesforceSynthetic(h.emulator.state, {
      accounts: 20,
      contacts: 700,
      activities: 0,
      seed: 3,
      startMs: Date.parse(AS_OF) - 86_400_000,
    }).contactIds;
  });
  afterEach(async () => {
    await h.close();
  });

  it('creates missing score fields through the Tooling API once', async () => {
    const target = destination(h.emulator);
    expect(await target.ensureScoreFields('Contact', scoreFields)).toEqual({
      created: ['Lead_Score__c', 'Lead_Score_Tier__c'],
      existing: [],
    });
    expect(await target.ensureScoreFields('Contact', scoreFields)).toEqual({
      created: [],
      existing: ['Lead_Score__c', 'Lead_Score_Tier__c'],
    });
    expect(h.emulator.stats.count('tooling.create', 201)).toBe(2);
    expect(h.emulator.state.requireTable('Contact').field('Lead_Score_Tier__c')?.picklistValues).toEqual([
      'low',
      'medium',
      'high',
    ]);
  });

  it('writes through collections of 200 and sends nothing when the scores did not change', async () => {
    const target = destination(h.emulator);
    await target.ensureScoreFields('Contact', scoreFields);
    const ids = contactIds.slice(0, 450);
    const first = await target.writeFields(intents(ids, (i) => i % 100));
    expect(first.every((result) => result.status === 'ok' && !('skipped' in result && result.skipped))).toBe(
      true,
    );
    expect(h.emulator.stats.count('composite.update')).toBe(3);
    expect(h.emulator.state.requireTable('Contact').get(ids[42]!)?.Lead_Score__c).toBe(42);

    h.emulator.stats.reset();
    const again = await target.writeFields(intents(ids, (i) => i % 100));
    expect(again.every((result) => result.status === 'ok' && result.skipped === 'unchanged')).toBe(true);
    expect(h.emulator.stats.count('composite.update')).toBe(0);
    expect(h.emulator.stats.count('bulk.create')).toBe(0);

    h.emulator.stats.reset();
    const oneChanged = await target.writeFields(intents(ids, (i) => (i === 7 ? 99 : i % 100)));
    expect(
      oneChanged.filter((result) => result.status === 'ok' && !result.skipped).map((r) => r.idempotencyKey),
    ).toEqual([`lead_score:${ids[7]}:99`]);
    expect(h.emulator.stats.count('composite.update')).toBe(1);
  });

  it('reports partial failures per record and retries a failed call itself', async () => {
    const target = destination(h.emulator);
    await target.ensureScoreFields('Contact', scoreFields);
    const deleted = contactIds[5]!;
    h.emulator.state.touch('Contact', deleted, { IsDeleted: true });
    h.emulator.state.addFaults({ endpoint: 'composite.update', action: { kind: 'status', status: 503 } });
    const batch: FieldWriteIntent[] = [
      ...intents(contactIds.slice(0, 5), (i) => 10 + i),
      {
        idempotencyKey: 'too-high',
        objectType: 'Contact',
        recordId: contactIds[6]!,
        fields: { Lead_Score__c: 150 },
      },
      { idempotencyKey: 'deleted', objectType: 'Contact', recordId: deleted, fields: { Lead_Score__c: 5 } },
      {
        idempotencyKey: 'no-field',
        objectType: 'Contact',
        recordId: contactIds[7]!,
        fields: { Churn_Risk__c: 5 },
      },
      {
        idempotencyKey: 'bad-id',
        objectType: 'Contact',
        recordId: 'not-an-id',
        fields: { Lead_Score__c: 5 },
      },
    ];
    const results = await target.writeFields(batch);
    expect(results.slice(0, 5).map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(results[5]).toMatchObject({
      status: 'failed',
      kind: 'invalid',
      error: expect.stringContaining('Score must be <= 100'),
    });
    expect(results[6]).toMatchObject({
      status: 'failed',
      kind: 'permanent',
      error: expect.stringContaining('deleted'),
    });
    expect(results[7]).toMatchObject({
      status: 'failed',
      kind: 'invalid',
      error: expect.stringContaining('Churn_Risk__c'),
    });
    expect(results[8]).toMatchObject({ status: 'failed', kind: 'invalid' });
    expect(h.emulator.stats.count('composite.update', 503)).toBe(1);
    expect(h.emulator.stats.count('composite.update', 200)).toBe(1);
  });

  it('uses one Bulk API 2.0 job above the bulk threshold', async () => {
    const target = destination(h.emulator, { writeBack: { bulkThreshold: 100, bulkPollIntervalMs: 10 } });
    await target.ensureScoreFields('Contact', scoreFields);
    const ids = contactIds.slice(0, 600);
    const results = await target.writeFields(intents(ids, (i) => (i === 3 ? 500 : i % 100)));
    expect(h.emulator.stats.count('bulk.create')).toBe(1);
    expect(h.emulator.stats.count('bulk.upload')).toBe(1);
    expect(h.emulator.stats.count('composite.update')).toBe(0);
    expect(target.lastWrite).toEqual({ unchanged: 0, viaCollections: 0, viaBulk: 600 });
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(599);
    expect(results[3]).toMatchObject({
      status: 'failed',
      kind: 'invalid',
      error: expect.stringContaining('FIELD_CUSTOM_VALIDATION_EXCEPTION'),
    });
    const table = h.emulator.state.requireTable('Contact');
    expect(table.get(ids[250]!)?.Lead_Score__c).toBe(50);
    expect(table.get(ids[250]!)?.Lead_Score_Tier__c).toBe('low');
  });

  it('creates tasks owned by the record owner, once per idempotency key', async () => {
    const target = destination(h.emulator);
    const state = h.emulator.state;
    const owner = state.load('User', [
      { Username: 'ae@example.org', LastName: 'Exec', Email: 'ae@example.org', IsActive: true },
    ])[0]!;
    const accountId = state.requireTable('Contact').get(contactIds[0]!)!.AccountId as string;
    state.touch('Account', accountId, { OwnerId: owner });
    const task = {
      idempotencyKey: 'churn-risk:acc:2026-11-01',
      objectType: 'Account',
      recordId: accountId,
      subject: 'Churn risk is high: call the champion',
      body: 'Usage dropped 40% in 30 days.',
      dueAt: '2026-11-03T09:00:00.000Z',
      priority: 'high' as const,
      type: 'call' as const,
    };
    const first = await target.createTasks([
      task,
      { ...task, idempotencyKey: 'gone', recordId: contactIds[9]!, objectType: 'Contact' },
    ]);
    state.touch('Contact', contactIds[9]!, { IsDeleted: true });
    const replay = await target.createTasks([task]);
    expect(first[0]).toMatchObject({ status: 'ok' });
    expect(replay[0]).toMatchObject({
      status: 'ok',
      providerId: first[0]!.status === 'ok' ? first[0]!.providerId : '',
    });
    const tasks = [...state.requireTable('Task').rows()].filter(
      (row) => row.Scorebridge_Key__c === task.idempotencyKey,
    );
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      OwnerId: owner,
      WhatId: accountId,
      Priority: 'High',
      Type: 'Call',
      ActivityDate: '2026-11-03',
    });
    const gone = await target.createTasks([
      { ...task, idempotencyKey: 'gone-2', recordId: contactIds[9]!, objectType: 'Contact' },
    ]);
    expect(gone[0]).toMatchObject({ status: 'failed', kind: 'permanent' });
  });
});

describe('Salesforce field creation without permission', () => {
  it('lists exactly what an admin must create when the API user may not create fields', async () => {
    const h = await harness({ permissions: { createFields: false } });
    try {
      const target = destination(h.emulator);
      const error = await target.ensureScoreFields('Contact', scoreFields).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorError);
      expect((error as ConnectorError).kind).toBe('permanent');
      expect((error as Error).message).toContain(
        'Contact.Lead_Score__c (Number, length 16, decimal places 2)',
      );
      expect((error as Error).message).toContain('scorebridge salesforce fields --connector salesforce');
      const tasks = await target.createTasks([
        {
          idempotencyKey: 'k',
          objectType: 'Account',
          recordId: '001000000000001AAA',
          subject: 's',
          body: 'b',
          dueAt: AS_OF,
          priority: 'low',
        },
      ]);
      expect(tasks[0]).toMatchObject({
        status: 'failed',
        kind: 'permanent',
        error: expect.stringContaining('Task.Scorebridge_Key__c'),
      });
    } finally {
      await h.close();
    }
  });
});

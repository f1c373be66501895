import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scoreFieldSpecs } from '../../../../connectors/hubspot/index.ts';
import type { FieldWriteIntent } from '../../../../core/connectors/destination.ts';
import { seedHubspotFromDemo } from '../../../../emulators/hubspot/index.ts';
import { type Harness, startHarness } from './harness.ts';

const UPDATE = 'POST /crm/v3/objects/contacts/batch/update';

function scoreIntents(ids: readonly number[], score: (index: number) => number): FieldWriteIntent[] {
  return ids.map((id, index) => ({
    idempotencyKey: `churn:${id}:${score(index)}`,
    objectType: 'contacts',
    recordId: String(id),
    fields: {
      scorebridge_churn_score: score(index),
      scorebridge_churn_tier: score(index) > 66 ? 'high' : score(index) > 33 ? 'medium' : 'low',
      scorebridge_churn_model_version: 'churn-v1',
      scorebridge_churn_scored_at: '2026-11-01T00:00:00.000Z',
    },
  }));
}

describe('HubSpot write-back', () => {
  let harness: Harness;
  let ids: number[];
  beforeEach(async () => {
    harness = await startHarness();
    seedHubspotFromDemo(harness.emulator, { contacts: 250, seed: 9, engagementRatio: 0 });
    ids = [...harness.emulator.state.tables.contacts.scanFrom(0, false)].map((contact) => contact.id);
  });
  afterEach(() => harness.close());

  it('creates the property group and score properties once', async () => {
    const destination = harness.destination();
    const specs = scoreFieldSpecs('churn');
    const first = await destination.ensureScoreFields('contacts', specs);
    expect(first).toEqual({ created: specs.map((spec) => spec.name), existing: [] });
    const { state } = harness.emulator;
    expect(state.properties.groups('contacts').map((group) => group.name)).toContain('scorebridge');
    expect(state.properties.get('contacts', 'scorebridge_churn_tier')).toMatchObject({
      type: 'enumeration',
      groupName: 'scorebridge',
    });
    const again = await destination.ensureScoreFields('contact', specs);
    expect(again).toEqual({ created: [], existing: specs.map((spec) => spec.name) });
    await expect(
      destination.ensureScoreFields('contacts', [
        { name: 'Churn Score', label: 'x', type: 'number', description: '' },
      ]),
    ).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('sends nothing when the scores did not change, and only what changed when some did', async () => {
    const destination = harness.destination();
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('churn'));
    const { stats, state } = harness.emulator;
    const first = await destination.writeFields(scoreIntents(ids, (i) => i % 100));
    expect(first.every((result) => result.status === 'ok' && !('skipped' in result && result.skipped))).toBe(
      true,
    );
    expect(stats.count({ endpoint: UPDATE })).toBe(3);
    expect(state.live('contacts', ids[7]!)?.properties.scorebridge_churn_score).toBe('7');

    stats.reset();
    const unchanged = await destination.writeFields(scoreIntents(ids, (i) => i % 100));
    expect(stats.total).toBe(0);
    expect(
      unchanged.every(
        (result) => result.status === 'ok' && 'skipped' in result && result.skipped === 'unchanged',
      ),
    ).toBe(true);

    harness.clock.advance(60_000);
    const before = new Map(ids.map((id) => [id, state.live('contacts', id)!.updatedAt]));
    const changed = await destination.writeFields(scoreIntents(ids, (i) => (i < 10 ? 99 : i % 100)));
    expect(stats.count({ endpoint: UPDATE })).toBe(1);
    expect(
      changed.filter((result) => result.status === 'ok' && !('skipped' in result && result.skipped)),
    ).toHaveLength(10);
    expect(ids.filter((id) => state.live('contacts', id)!.updatedAt !== before.get(id))).toHaveLength(10);
  });

  it('remembers what it wrote across restarts through its state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hubspot-writes-'));
    try {
      const writeBack = { stateFile: join(dir, 'written.sqlite') };
      const first = harness.destination({ writeBack });
      await first.ensureScoreFields('contacts', scoreFieldSpecs('churn'));
      await first.writeFields(scoreIntents(ids.slice(0, 50), () => 42));
      first.close();
      harness.emulator.stats.reset();
      const second = harness.destination({ writeBack });
      const results = await second.writeFields(scoreIntents(ids.slice(0, 50), () => 42));
      second.close();
      expect(harness.emulator.stats.total).toBe(0);
      expect(results.every((result) => result.status === 'ok')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps a 207 answer record by record: missing is permanent, bad values invalid, locks retried', async () => {
    const destination = harness.destination();
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('churn'));
    harness.emulator.faults.failRecord(String(ids[2]), {
      category: 'OBJECT_LOCKED',
      message: 'record is being merged',
    });
    const intents = [
      ...scoreIntents(ids.slice(0, 5), () => 50),
      {
        idempotencyKey: 'missing',
        objectType: 'contacts',
        recordId: '987654321',
        fields: { scorebridge_churn_score: 10 },
      },
      {
        idempotencyKey: 'bad-tier',
        objectType: 'contacts',
        recordId: String(ids[6]),
        fields: { scorebridge_churn_tier: 'extreme' },
      },
      // A second intent for a record in the batch is folded into the same input (HubSpot rejects duplicate ids).
      {
        idempotencyKey: 'same-record',
        objectType: 'contacts',
        recordId: String(ids[0]),
        fields: { scorebridge_churn_model_version: 'churn-v2' },
      },
    ];
    const results = await destination.writeFields(intents);
    expect(harness.emulator.stats.count({ endpoint: UPDATE, status: 207 })).toBe(1);
    const byKey = new Map(results.map((result) => [result.idempotencyKey, result]));
    expect(byKey.get('missing')).toMatchObject({ status: 'failed', kind: 'permanent' });
    expect(byKey.get('bad-tier')).toMatchObject({ status: 'failed', kind: 'invalid' });
    expect(byKey.get(intents[2]!.idempotencyKey)).toMatchObject({ status: 'retry' });
    expect(byKey.get('same-record')).toMatchObject({ status: 'ok' });
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(5);
    expect(harness.emulator.state.live('contacts', ids[0]!)?.properties.scorebridge_churn_model_version).toBe(
      'churn-v2',
    );
  });

  it('creates follow-up tasks on the record owner, once, even when replayed', async () => {
    const destination = harness.destination();
    const { state } = harness.emulator;
    const contact = state.live('contacts', ids[3]!)!;
    const [company] = state.tables.companies.scanFrom(0, false);
    const intents = [
      {
        idempotencyKey: 'task-1',
        objectType: 'contacts',
        recordId: String(contact.id),
        subject: 'Call about renewal',
        body: 'Usage dropped 40%',
        dueAt: '2026-11-05T09:00:00Z',
        priority: 'high' as const,
        type: 'call' as const,
      },
      {
        idempotencyKey: 'task-2',
        objectType: 'companies',
        recordId: String(company!.id),
        ownerId: '70000002',
        subject: 'QBR',
        body: 'Prepare QBR',
        dueAt: '2026-11-10T09:00:00Z',
        priority: 'medium' as const,
      },
      {
        idempotencyKey: 'task-3',
        objectType: 'contacts',
        recordId: '123456789',
        subject: 'Ghost',
        body: '',
        dueAt: '2026-11-10T09:00:00Z',
        priority: 'low' as const,
      },
    ];
    const results = await destination.createTasks(intents);
    expect(results.map((result) => result.status)).toEqual(['ok', 'ok', 'failed']);
    expect(results[2]).toMatchObject({ kind: 'permanent' });
    const tasks = [...state.tables.tasks.scanFrom(0, false)].filter(
      (task) => task.properties.scorebridge_task_key,
    );
    expect(tasks).toHaveLength(2);
    const call = tasks.find((task) => task.properties.scorebridge_task_key === 'task-1')!;
    expect(call.properties).toMatchObject({
      hubspot_owner_id: contact.properties.hubspot_owner_id,
      hs_task_priority: 'HIGH',
      hs_task_type: 'CALL',
    });
    expect(state.associations.get('tasks', call.id, 'contacts')).toEqual([contact.id]);

    const replay = await destination.createTasks(intents.slice(0, 2));
    expect(
      replay.every(
        (result) => result.status === 'ok' && 'skipped' in result && result.skipped === 'unchanged',
      ),
    ).toBe(true);
    expect(
      [...state.tables.tasks.scanFrom(0, false)].filter((task) => task.properties.scorebridge_task_key),
    ).toHaveLength(2);
  });
});

describe('HubSpot write-back when batch update answers missing ids with a 400', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness({ batchMissingIds: '400' });
  });
  afterEach(() => harness.close());

  it('fails the missing record and resends the rest once', async () => {
    const { state, stats } = harness.emulator;
    const ids = [1, 2, 3].map((n) => state.create('contacts', { email: `p${n}@x.example` }).id);
    const destination = harness.destination();
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('churn'));
    const results = await destination.writeFields([
      ...scoreIntents(ids, () => 70),
      {
        idempotencyKey: 'gone',
        objectType: 'contacts',
        recordId: '55555',
        fields: { scorebridge_churn_score: 1 },
      },
    ]);
    expect(results.map((result) => result.status)).toEqual(['ok', 'ok', 'ok', 'failed']);
    expect(results[3]).toMatchObject({ kind: 'permanent', error: expect.stringMatching(/does not exist/) });
    expect(stats.count({ endpoint: UPDATE, status: 400 })).toBe(1);
    expect(stats.count({ endpoint: UPDATE, status: 200 })).toBe(1);
    expect(state.live('contacts', ids[1]!)?.properties.scorebridge_churn_score).toBe('70');
  });
});

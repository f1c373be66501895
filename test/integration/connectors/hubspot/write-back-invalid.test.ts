import { afterEach, describe, expect, it } from 'vitest';
import { scoreFieldSpecs } from '../../../../connectors/hubspot/index.ts';
import type { FieldWriteIntent, WriteResult } from '../../../../core/connectors/destination.ts';
import type { InvalidValuePolicy } from '../../../../emulators/hubspot/index.ts';
import { type Harness, startHarness } from './harness.ts';

const UPDATE = 'POST /crm/v3/objects/contacts/batch/update';
const TIER = 'scorebridge_churn_tier';
const RECORDS = 100;
/** One bad record among n costs at most 2·⌈log2 n⌉ isolation calls after the first send. */
const MAX_CALLS_FOR_ONE_BAD = 1 + 2 * Math.ceil(Math.log2(RECORDS));

function intents(ids: readonly number[], badIndex: number, badTier: string): FieldWriteIntent[] {
  return ids.map((id, index) => ({
    idempotencyKey: `churn:${id}`,
    objectType: 'contacts',
    recordId: String(id),
    fields: {
      scorebridge_churn_score: index,
      [TIER]: index === badIndex ? badTier : 'medium',
      scorebridge_churn_model_version: 'churn-v7-confidential',
    },
  }));
}

/** The acceptance case of issue 14: one invalid value in a batch of 100 ends with 99 written and 1 reported. */
describe.each<InvalidValuePolicy>([
  'reject',
  'reject-naming-ids',
])('HubSpot write-back with one invalid value among 100 (emulator policy %s)', (policy) => {
  let harness: Harness;
  let ids: number[];
  afterEach(() => harness.close());

  async function setUp() {
    harness = await startHarness({ batchInvalidValues: policy });
    const { state } = harness.emulator;
    ids = Array.from(
      { length: RECORDS },
      (_, n) => state.create('contacts', { email: `p${n}@x.example` }).id,
    );
    const destination = harness.destination();
    // Creating the fields keeps their definitions for the writes: no second read.
    await destination.ensureScoreFields('contacts', scoreFieldSpecs('churn'));
    return destination;
  }

  function expectOneReported(results: readonly WriteResult[], badIndex: number): string {
    const failed = results.filter((result) => result.status !== 'ok');
    expect(failed).toHaveLength(1);
    const [bad] = failed;
    expect(bad).toMatchObject({
      idempotencyKey: `churn:${ids[badIndex]}`,
      status: 'failed',
      kind: 'invalid',
    });
    const error = bad!.status === 'failed' ? bad!.error : '';
    // Names the field, never the rest of the row.
    expect(error).toContain(TIER);
    expect(error).not.toContain('churn-v7-confidential');
    const { state } = harness.emulator;
    const written = ids.filter((id) => state.live('contacts', id)?.properties[TIER] === 'medium');
    expect(written).toHaveLength(RECORDS - 1);
    expect(state.live('contacts', ids[badIndex]!)?.properties[TIER]).toBeUndefined();
    return error;
  }

  it('leaves out a value the property definition refuses, without sending it', async () => {
    const destination = await setUp();
    const { stats } = harness.emulator;
    stats.reset();
    // A dry run says the same, without writing.
    const preview = await destination.previewFields(intents(ids, 41, 'extreme'));
    expect(preview.filter((answer) => answer.status === 'failed')).toEqual([
      expect.objectContaining({ idempotencyKey: `churn:${ids[41]}`, error: expect.stringContaining(TIER) }),
    ]);
    expect(stats.count({ endpoint: UPDATE })).toBe(0);
    const results = await destination.writeFields(intents(ids, 41, 'extreme'));
    expect(expectOneReported(results, 41)).toMatch(/"extreme" is not one of its options/);
    expect(stats.count({ endpoint: UPDATE })).toBe(1);
    expect(stats.count({ endpoint: UPDATE, status: 400 })).toBe(0);
    expect(stats.count({ endpoint: 'GET /crm/v3/properties/contacts' })).toBe(0);
  });

  it('finds the record HubSpot refuses after an option was removed since the definitions were read', async () => {
    const destination = await setUp();
    const { stats, state } = harness.emulator;
    // Someone deletes the "high" option in HubSpot after the connector read the definitions.
    const tier = state.properties.get('contacts', TIER)!;
    tier.options = tier.options.filter((option) => option.value !== 'high');
    stats.reset();
    const results = await destination.writeFields(intents(ids, 73, 'high'));
    expect(expectOneReported(results, 73)).toContain('INVALID_OPTION');
    const calls = stats.count({ endpoint: UPDATE });
    if (policy === 'reject-naming-ids') {
      // The 400 names the record: the 99 others go out again in one call.
      expect(calls).toBe(2);
    } else {
      // Bisection: near-minimal, at most 2·⌈log2 100⌉ calls beyond the first.
      expect(calls).toBeGreaterThan(2);
      expect(calls).toBeLessThanOrEqual(MAX_CALLS_FOR_ONE_BAD);
    }
    console.info(`one bad value among ${RECORDS} (${policy}): ${calls} batch update calls`);

    // The rejection made the connector read the definitions again: the next run catches it before sending.
    stats.reset();
    const again = await destination.writeFields(intents(ids, 73, 'high'));
    expect(again.filter((result) => result.status === 'failed')).toHaveLength(1);
    expect(stats.count({ endpoint: UPDATE })).toBe(0);
    expect(stats.count({ endpoint: 'GET /crm/v3/properties/contacts' })).toBe(1);
  });

  it('isolates several bad records in one batch', async () => {
    const destination = await setUp();
    const { state } = harness.emulator;
    const tier = state.properties.get('contacts', TIER)!;
    tier.options = tier.options.filter((option) => option.value !== 'high');
    const wanted = intents(ids, -1, 'medium').map((intent, index) =>
      [5, 50, 99].includes(index) ? { ...intent, fields: { ...intent.fields, [TIER]: 'high' } } : intent,
    );
    const results = await destination.writeFields(wanted);
    expect(
      results.filter((result) => result.status === 'failed').map((result) => result.idempotencyKey),
    ).toEqual([5, 50, 99].map((index) => `churn:${ids[index]}`));
    expect(results.filter((result) => result.status === 'ok')).toHaveLength(RECORDS - 3);
  });
});

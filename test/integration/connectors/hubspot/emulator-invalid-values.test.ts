import { Client } from '@hubspot/api-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  type InvalidValuePolicy,
  startHubspotEmulator,
} from '../../../../emulators/hubspot/index.ts';
import { VirtualClock } from './harness.ts';

interface Rejected {
  readonly code: number;
  readonly body: { category?: string; message?: string; context?: { ids?: string[] } };
}

async function rejection(call: Promise<unknown>): Promise<Rejected> {
  try {
    await call;
  } catch (error) {
    return error as Rejected;
  }
  throw new Error('the call was expected to fail');
}

/** Batch writes with an invalid value, as the official client sees them, under each policy. */
describe('HubSpot emulator: invalid property values in batch writes', () => {
  let emulator: HubspotEmulator;
  let client: Client;
  let ids: string[];

  async function start(policy?: InvalidValuePolicy): Promise<void> {
    emulator = await startHubspotEmulator({
      clock: new VirtualClock(),
      ...(policy ? { batchInvalidValues: policy } : {}),
    });
    client = new Client({
      accessToken: DEFAULT_EMULATOR_TOKEN,
      basePath: emulator.url,
      numberOfApiCallRetries: 0,
    });
    const { state } = emulator;
    state.properties.create(
      'contacts',
      {
        name: 'plan_tier',
        label: 'Plan tier',
        type: 'enumeration',
        fieldType: 'select',
        groupName: 'contactinformation',
        options: ['free', 'pro', 'enterprise'].map((value, displayOrder) => ({
          label: value,
          value,
          displayOrder,
          hidden: false,
        })),
      },
      state.now(),
    );
    state.properties.create(
      'contacts',
      { name: 'seats', label: 'Seats', type: 'number', fieldType: 'number', groupName: 'contactinformation' },
      state.now(),
    );
    ids = [1, 2, 3].map((n) => String(state.create('contacts', { email: `p${n}@x.example` }).id));
  }
  afterEach(() => emulator.close());

  const update = (values: Record<string, string>[]) =>
    client.crm.objects.batchApi.update('contacts', {
      inputs: values.map((properties, index) => ({ id: ids[index]!, properties })),
    });

  it('rejects the whole batch by default, naming no record, and writes nothing', async () => {
    await start();
    const error = await rejection(
      update([{ plan_tier: 'pro' }, { plan_tier: 'platinum' }, { firstname: 'Ann' }]),
    );
    expect(error.code).toBe(400);
    expect(error.body.category).toBe('VALIDATION_ERROR');
    expect(error.body.message).toMatch(/^Property values were not valid: /);
    expect(error.body.message).toContain('"error":"INVALID_OPTION","name":"plan_tier"');
    expect(error.body.context).toBeUndefined();
    expect(emulator.state.live('contacts', ids[0]!)?.properties.plan_tier).toBeUndefined();
    expect(emulator.state.live('contacts', ids[2]!)?.properties.firstname).toBeUndefined();
  });

  it('names the offending ids in context.ids when asked to', async () => {
    await start('reject-naming-ids');
    const error = await rejection(
      update([{ plan_tier: 'pro' }, { plan_tier: 'platinum' }, { firstname: 'Ann' }]),
    );
    expect(error.code).toBe(400);
    expect(error.body.context?.ids).toEqual([ids[1]]);
    expect(emulator.state.live('contacts', ids[0]!)?.properties.plan_tier).toBeUndefined();
  });

  it('refuses an option removed since, text over 65,536 characters and text in a number', async () => {
    await start();
    emulator.state.properties.get('contacts', 'plan_tier')!.options.splice(2, 1);
    const removed = await rejection(update([{ plan_tier: 'enterprise' }]));
    expect(removed.body.message).toContain('INVALID_OPTION');
    const long = await rejection(update([{ firstname: 'x'.repeat(65_537) }]));
    expect(long.body.message).toContain('INVALID_STRING_LENGTH');
    // The limit itself is fine.
    await update([{ firstname: 'x'.repeat(65_536) }]);
    const number = await rejection(update([{ seats: 'a lot' }]));
    expect(number.code).toBe(400);
    expect(number.body.message).toContain('INVALID_FLOAT');
  });

  it('rejects batch create and upsert whole as well, creating nothing', async () => {
    await start();
    const before = [...emulator.state.tables.contacts.scanFrom(0, false)].length;
    const created = await rejection(
      client.crm.objects.batchApi.create('contacts', {
        inputs: [
          { properties: { email: 'new1@x.example' }, associations: [] },
          { properties: { email: 'new2@x.example', plan_tier: 'gold' }, associations: [] },
        ],
      }),
    );
    expect(created.code).toBe(400);
    const upserted = await rejection(
      client.crm.objects.batchApi.upsert('contacts', {
        inputs: [
          { idProperty: 'email', id: 'new3@x.example', properties: { plan_tier: 'free' } },
          { idProperty: 'email', id: 'new4@x.example', properties: { plan_tier: 'gold' } },
        ],
      }),
    );
    expect(upserted.code).toBe(400);
    expect([...emulator.state.tables.contacts.scanFrom(0, false)]).toHaveLength(before);
  });

  it('answers 207 per record only under the lenient per-record policy', async () => {
    await start('per-record');
    const response = (await update([{ plan_tier: 'pro' }, { plan_tier: 'platinum' }])) as {
      results: unknown[];
      errors?: { context: { ids?: string[] } }[];
    };
    expect(response.results).toHaveLength(1);
    expect(response.errors?.[0]?.context.ids).toEqual([ids[1]]);
    expect(emulator.state.live('contacts', ids[0]!)?.properties.plan_tier).toBe('pro');
  });
});

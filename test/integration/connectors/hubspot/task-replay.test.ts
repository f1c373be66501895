import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@hubspot/api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubspotDestinationConnector } from '../../../../connectors/hubspot/destination/hubspot-destination.ts';
import { SqliteTaskKeyLog } from '../../../../connectors/hubspot/destination/task-keys.ts';
import type { TaskIntent } from '../../../../core/connectors/destination.ts';
import { DEFAULT_EMULATOR_TOKEN } from '../../../../emulators/hubspot/index.ts';
import { type Harness, startHarness } from './harness.ts';

const KEY = 'wf:churn-save:enr-42:step-2';

/** The process dies after HubSpot made the task and before scorebridge wrote down its id. */
class CrashAfterCreate extends SqliteTaskKeyLog {
  override created(): void {
    throw new Error('process killed');
  }
}

describe('HubSpot task de-duplication under search index lag (emulator default: 10 s)', () => {
  let harness: Harness;
  let dir: string;
  let intent: TaskIntent;
  let client: Client;
  beforeEach(async () => {
    harness = await startHarness({ rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), 'scorebridge-tasks-'));
    client = new Client({ accessToken: DEFAULT_EMULATOR_TOKEN, basePath: harness.emulator.url });
    const contact = harness.emulator.state.create('contacts', {
      email: 'ana@acme.example',
      hubspot_owner_id: '70000001',
    });
    intent = {
      idempotencyKey: KEY,
      objectType: 'contacts',
      recordId: String(contact.id),
      subject: 'Call Ana about renewal',
      body: 'Usage dropped 40% in 30 days',
      dueAt: '2026-11-05T09:00:00Z',
      priority: 'high',
      type: 'call',
    };
  });
  afterEach(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stateFile = () => join(dir, 'hubspot-state.sqlite');
  const destination = (taskKeys?: SqliteTaskKeyLog) =>
    new HubspotDestinationConnector('hubspot', harness.config({ writeBack: { stateFile: stateFile() } }), {
      clock: harness.clock,
      sleep: harness.clock.sleep,
      random: () => 0.5,
      ...(taskKeys ? { taskKeys } : {}),
    });
  const tasksWithKey = () =>
    [...harness.emulator.state.tables.tasks.scanFrom(0, false)].filter(
      (task) => task.properties.scorebridge_task_key === KEY,
    );
  const searchFinds = async () =>
    (
      await client.crm.objects.searchApi.doSearch('tasks', {
        filterGroups: [{ filters: [{ propertyName: 'scorebridge_task_key', operator: 'EQ', value: KEY }] }],
      } as never)
    ).total;

  async function crashMidCreate(): Promise<string> {
    const first = destination(new CrashAfterCreate(stateFile()));
    await expect(first.createTasks([intent])).rejects.toThrow('process killed');
    await first.close();
    const made = tasksWithKey();
    expect(made).toHaveLength(1);
    // Within the lag window: HubSpot's search cannot see the task yet.
    expect(await searchFinds()).toBe(0);
    return String(made[0]!.id);
  }

  it('a replay right after a crash finds the task by its unique key and creates no second one', async () => {
    const taskId = await crashMidCreate();
    harness.emulator.stats.reset();
    const replay = destination();
    const [result] = await replay.createTasks([intent]);
    await replay.close();
    expect(result).toEqual({ idempotencyKey: KEY, status: 'ok', providerId: taskId, skipped: 'unchanged' });
    expect(tasksWithKey()).toHaveLength(1);
    expect(harness.emulator.stats.count({ endpoint: '/search' })).toBe(0);
    // HubSpot itself refuses a second task with the same key.
    await expect(
      client.crm.objects.basicApi.create('tasks', {
        properties: { hs_timestamp: '2026-11-05T09:00:00Z', scorebridge_task_key: KEY },
        associations: [],
      }),
    ).rejects.toMatchObject({ code: 409 });
  });

  it('without the local record (a new machine), the unique key still finds the task', async () => {
    const taskId = await crashMidCreate();
    rmSync(dir, { recursive: true, force: true });
    const fresh = destination();
    expect(await fresh.createTasks([intent])).toEqual([
      { idempotencyKey: KEY, status: 'ok', providerId: taskId, skipped: 'unchanged' },
    ]);
    await fresh.close();
    expect(tasksWithKey()).toHaveLength(1);
  });

  it('with a key property that allows duplicates (older installs), the replay waits for search instead of creating', async () => {
    await client.crm.properties.coreApi.create('tasks', {
      name: 'scorebridge_task_key',
      label: 'Scorebridge task key',
      type: 'string',
      fieldType: 'text',
      groupName: 'taskinformation',
    } as never);
    const taskId = await crashMidCreate();
    const replay = destination();
    const [early] = await replay.createTasks([intent]);
    expect(early).toMatchObject({ status: 'retry', retryAfterMs: 60_000 });
    expect(early?.status === 'retry' && early.error).toMatch(/HubSpot's search does not show it yet/);
    expect(tasksWithKey()).toHaveLength(1);

    harness.clock.advance(60_000);
    expect(await searchFinds()).toBe(1);
    expect(await replay.createTasks([intent])).toEqual([
      { idempotencyKey: KEY, status: 'ok', providerId: taskId, skipped: 'unchanged' },
    ]);
    await replay.close();
    expect(tasksWithKey()).toHaveLength(1);
  });
});

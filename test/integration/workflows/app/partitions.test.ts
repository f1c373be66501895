import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkflowEngine, type WorkflowSession } from '../../../../app/workflows/open-session.ts';
import type { WorkflowEngine } from '../../../../app/workflows/workflow-engine.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { entityHash, type TickPartition } from '../../../../workflows/engine/index.ts';
import { churnScores, type E2eWorld, startWorld, syncAll } from './harness.ts';
import { startScriptedSmtp } from './scripted-smtp.ts';

const T0 = '2026-11-02T15:00:00.000Z';

describe('workflow runs split into partitions', () => {
  const clock = new FixedClock(T0);
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: E2eWorld;
  const sessions: Array<WorkflowSession & { engine: WorkflowEngine }> = [];
  const open = (partition?: TickPartition, relayOnly = false) =>
    openWorkflowEngine(world.loaded, {
      clock,
      logger: silentLogger(),
      sleep: async () => {},
      env: world.env,
      random: () => 0.5,
      ...(partition ? { partition } : {}),
      ...(relayOnly ? { relayOnly } : {}),
    });

  beforeAll(async () => {
    smtp = await startScriptedSmtp();
    world = await startWorld(mkdtempSync(path.join(tmpdir(), 'sb-partitions-')), smtp.port, 120);
    await syncAll(world, clock);
  }, 120_000);
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await world?.sandbox.close();
    await smtp?.close();
  });

  it('run side by side, each enrolling only its own accounts, together every account once', async () => {
    sessions.push(await open({ index: 0, count: 2 }), await open({ index: 1, count: 2 }));
    const [zero, one] = sessions as [
      WorkflowSession & { engine: WorkflowEngine },
      WorkflowSession & { engine: WorkflowEngine },
    ];
    // A whole-store runner or an overlapping partition is refused while the two hold their leases.
    await expect(open()).rejects.toThrow(/another workflow runner holds partition 0\/2/);
    await expect(open({ index: 1, count: 3 })).rejects.toThrow(/another workflow runner holds/);

    const db = zero.store.database;
    const accounts = (
      db.prepare(`SELECT id FROM accounts WHERE status = 'active' ORDER BY id`).all() as Array<{ id: string }>
    ).map((row) => row.id);
    await zero.store.saveScores(churnScores(accounts, T0, (i) => (i * 37) % 100));
    const [first, second] = await Promise.all([zero.engine.runOnce('test'), one.engine.runOnce('test')]);
    expect(first.enrolled).toBeGreaterThan(0);
    expect(second.enrolled).toBeGreaterThan(0);

    const enrolled = db.prepare('SELECT entity_type, entity_id FROM enrollments').all() as Array<{
      entity_type: 'account';
      entity_id: string;
    }>;
    expect(enrolled).toHaveLength(first.enrolled + second.enrolled);
    expect(new Set(enrolled.map((row) => row.entity_id)).size).toBe(enrolled.length);
    const slices = enrolled.map((row) => entityHash({ type: row.entity_type, id: row.entity_id }) % 2);
    expect(slices.filter((slice) => slice === 0)).toHaveLength(first.enrolled);
    // Each partition keeps its own watermarks: a second run finds nothing new in either.
    expect(
      (
        db.prepare('SELECT partition_key FROM workflow_runs ORDER BY id').all() as Array<{
          partition_key: string;
        }>
      )
        .map((row) => row.partition_key)
        .sort(),
    ).toEqual(['0/2', '1/2']);
    expect((await zero.engine.runOnce('again')).enrolled).toBe(0);
    expect((await one.engine.runOnce('again')).enrolled).toBe(0);

    // An outbox job's relay needs no runner lease, so it opens and delivers beside both partitions.
    const relay = await open(undefined, true);
    sessions.push(relay);
    await expect(relay.engine.runOnce('relay')).rejects.toThrow(/deliver the outbox only/);
    const rounds = await relay.engine.relay.drain(100, 3);
    expect(rounds.every((round) => round.failed === 0)).toBe(true);
  }, 120_000);
});

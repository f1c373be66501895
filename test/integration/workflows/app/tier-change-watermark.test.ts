import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkflowEngine, type WorkflowSession } from '../../../../app/workflows/open-session.ts';
import type { WorkflowEngine } from '../../../../app/workflows/workflow-engine.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { churnScores, type E2eWorld, startWorld, syncAll } from './harness.ts';
import { startScriptedSmtp } from './scripted-smtp.ts';

/**
 * Scoring and workflow runs interleave freely on a fleet (a score job and a tick job run at once on
 * different workers), so a tier change must be seen whatever the interleaving: a scoring run half
 * written when a workflow run reads it, or two scoring runs between two workflow runs.
 */
describe('tier-change entry whatever the order of scoring and workflow runs', () => {
  const clock = new FixedClock('2026-11-02T15:00:00.000Z');
  let smtp: Awaited<ReturnType<typeof startScriptedSmtp>>;
  let world: E2eWorld;
  let session: WorkflowSession & { engine: WorkflowEngine };
  let accounts: string[];

  const enrolledTiers = (ids: readonly string[]) => {
    const rows = session.store.database
      .prepare(`SELECT entity_id, tier FROM enrollments WHERE workflow = 'retention' ORDER BY id`)
      .all() as Array<{ entity_id: string; tier: string }>;
    return rows.filter((row) => ids.includes(row.entity_id)).map((row) => row.tier);
  };

  beforeAll(async () => {
    smtp = await startScriptedSmtp();
    world = await startWorld(mkdtempSync(path.join(tmpdir(), 'sb-tier-watermark-')), smtp.port, 60);
    await syncAll(world, clock);
    session = await openWorkflowEngine(world.loaded, {
      clock,
      logger: silentLogger(),
      sleep: async () => {},
      env: world.env,
      random: () => 0.5,
    });
    accounts = (
      session.store.database
        .prepare(`SELECT id FROM accounts WHERE status = 'active' ORDER BY id`)
        .all() as Array<{ id: string }>
    ).map((row) => row.id);
    expect(accounts.length).toBeGreaterThanOrEqual(9);
    // A first workflow run with a first scoring: every later run has a watermark to read from.
    const baseline = accounts.slice(0, 3);
    await session.store.saveScores(churnScores(baseline, '2026-11-02T10:00:00.000Z', () => 20));
    expect((await session.engine.runOnce('baseline')).enrolled).toBe(3);
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await world?.sandbox.close();
    await smtp?.close();
  });

  it('enrolls on a move made by the first of two scoring runs between workflow runs', async () => {
    const twice = accounts.slice(3, 6);
    // Unscored at the last run, then high twice: a move from none to high, though the two latest
    // scores are both high.
    await session.store.saveScores(churnScores(twice, '2026-11-02T11:00:00.000Z', () => 90));
    await session.store.saveScores(churnScores(twice, '2026-11-02T12:00:00.000Z', () => 95));
    clock.set('2026-11-02T15:10:00.000Z');
    const run = await session.engine.runOnce('after two scorings');
    expect(run.enrolled).toBe(3);
    expect(enrolledTiers(twice)).toEqual(['high', 'high', 'high']);
    // Read again with nothing new: no move is invented.
    clock.set('2026-11-02T15:20:00.000Z');
    expect((await session.engine.runOnce('nothing new')).enrolled).toBe(0);
  }, 60_000);

  it('reads the rest of a scoring run that was half written when a workflow run read it', async () => {
    const run = accounts.slice(6, 9);
    const scores = churnScores(run, '2026-11-02T13:00:00.000Z', () => 55);
    await session.store.saveScores(scores.slice(0, 1));
    clock.set('2026-11-02T15:30:00.000Z');
    expect((await session.engine.runOnce('mid scoring run')).enrolled).toBe(1);
    // The same run's remaining rows land after that workflow run, with the same computed time.
    await session.store.saveScores(scores.slice(1));
    clock.set('2026-11-02T15:40:00.000Z');
    expect((await session.engine.runOnce('after the scoring run')).enrolled).toBe(2);
    expect(enrolledTiers(run)).toEqual(['medium', 'medium', 'medium']);
  }, 60_000);
});

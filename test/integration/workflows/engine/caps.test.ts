import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import { tick } from '../../../../workflows/engine/index.ts';
import {
  ALICE,
  ENGINE_BACKENDS,
  MONDAY_EARLY,
  mediumContext,
  outboxRows,
  retentionWorkflow,
} from './harness.ts';

let store: SqliteCanonicalStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe.each(ENGINE_BACKENDS)('engine tick with frequency caps ($backend)', ({ open }) => {
  it("counts the engine's own queued emails, deferring day 3 until day 0 ages out of the cap", async () => {
    store = await open();
    const db = store.database;
    const workflow = retentionWorkflow({
      frequency_caps: [{ category: 'retention', max: 1, within: { amount: 7, unit: 'days' } }],
    });
    const at = (now: string) =>
      tick(db, {
        now: new Date(now),
        workflows: [workflow],
        candidates: [ALICE],
        contextFor: () => mediumContext(ALICE),
      });
    at(MONDAY_EARLY);
    at('2026-03-02T14:00:00.000Z');
    const day3 = at('2026-03-05T14:00:00.000Z');
    expect(day3.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([[2, 'deferred']]);
    expect(day3.steps[0]?.reason).toContain('frequency cap reached');
    // 7 days of 24 hours after 14:00 UTC on the 2nd, now 10:00 in New York: inside the window.
    expect(day3.steps[0]?.deferredUntil).toBe('2026-03-09T14:00:00.000Z');
    const sent = at('2026-03-09T14:00:00.000Z');
    expect(sent.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([[2, 'sent']]);
    expect(outboxRows(store).map((row) => JSON.parse(row.payload).template)).toEqual([
      'day0-checkin',
      'day3-roi',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  decideEntry,
  type EnrollmentHistory,
  type Occurrence,
  parseEntityContext,
} from '../../../../workflows/engine/index.ts';
import { ALICE, defineWorkflow } from '../../../integration/workflows/engine/harness.ts';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const FRESH: EnrollmentHistory = { active: false, pastEnrollments: 0, lastSignature: null };
const BOB = { type: 'contact', id: 'c-bob' } as const;

function workflowWith(trigger: Record<string, unknown>, reenrollment = 'on_transition') {
  return defineWorkflow({
    name: 'w',
    entry: { triggers: [trigger], reenrollment },
    steps: [{ action: 'wait' }],
  });
}

const context = parseEntityContext(
  {
    entity: ALICE,
    scores: {
      churn_risk: { value: 55, previousValue: 48, tier: 'medium', previousTier: 'medium', scoredAt: 's1' },
    },
    events: [
      { id: 'e-old', type: 'support_ticket_opened', occurredAt: '2026-03-01T10:00:00.000Z' },
      { id: 'e-new', type: 'support_ticket_opened', occurredAt: '2026-03-02T10:00:00.000Z' },
      { id: 'e-login', type: 'login', occurredAt: '2026-03-02T11:00:00.000Z' },
    ],
  },
  'test',
);

function decide(
  trigger: Record<string, unknown>,
  occurrences: Occurrence[] = [],
  history = FRESH,
  policy = 'on_transition',
) {
  return decideEntry(workflowWith(trigger, policy), context, history, NOW, occurrences);
}

describe('decideEntry for every trigger kind', () => {
  it('score_change enrolls on a changed value, in the current tier of that model', () => {
    expect(decide({ on: 'score_change', model: 'churn_risk' })).toEqual({
      kind: 'enroll',
      tier: 'medium',
      signature: 'churn_risk@s1',
    });
    const unchanged = parseEntityContext(
      {
        entity: ALICE,
        scores: { churn_risk: { value: 55, previousValue: 55, tier: 'medium', scoredAt: 's2' } },
      },
      'test',
    );
    const decision = decideEntry(
      workflowWith({ on: 'score_change', model: 'churn_risk' }),
      unchanged,
      FRESH,
      NOW,
    );
    expect(decision.kind === 'skip' && decision.reason).toBe(
      'no score_change trigger matched (churn_risk score unchanged at 55)',
    );
  });

  it('event takes the newest event of its type not used before', () => {
    const trigger = { on: 'event', type: 'support_ticket_opened' };
    expect(decide(trigger)).toMatchObject({ kind: 'enroll', signature: 'event:support_ticket_opened@e-new' });
    const usedNewest: EnrollmentHistory = {
      active: false,
      pastEnrollments: 1,
      lastSignature: 'event:support_ticket_opened@e-new',
      signatures: ['event:support_ticket_opened@e-new'],
    };
    expect(decide(trigger, [], usedNewest)).toMatchObject({ signature: 'event:support_ticket_opened@e-old' });
    const usedBoth: EnrollmentHistory = {
      ...usedNewest,
      pastEnrollments: 2,
      signatures: ['event:support_ticket_opened@e-new', 'event:support_ticket_opened@e-old'],
    };
    const again = decide(trigger, [], usedBoth);
    expect(again.kind === 'skip' && again.reason).toContain('already enrolled on this transition');
    const none = decide({ on: 'event', type: 'meeting_booked' });
    expect(none.kind === 'skip' && none.reason).toContain('no meeting_booked event');
  });

  it('schedule matches its own cron text and signs with the fire time', () => {
    const trigger = { on: 'schedule', cron: '0 9 * * 1' };
    const fired: Occurrence = {
      on: 'schedule',
      cron: '0 9 * * 1',
      firedAt: new Date('2026-03-02T09:00:00Z'),
    };
    const other: Occurrence = {
      on: 'schedule',
      cron: '0 8 * * *',
      firedAt: new Date('2026-03-02T08:00:00Z'),
    };
    expect(decide(trigger, [fired])).toEqual({
      kind: 'enroll',
      tier: null,
      signature: 'schedule:0 9 * * 1@2026-03-02T09:00:00.000Z',
    });
    const skipped = decide(trigger, [other]);
    expect(skipped.kind === 'skip' && skipped.reason).toContain("schedule '0 9 * * 1' did not fire");
  });

  it('after_sync matches any connector unless one is named', () => {
    const sync: Occurrence = { on: 'after_sync', connector: 'hubspot', runId: 'run-7' };
    expect(decide({ on: 'after_sync' }, [sync])).toMatchObject({ signature: 'sync:hubspot@run-7' });
    expect(decide({ on: 'after_sync', connector: 'hubspot' }, [sync]).kind).toBe('enroll');
    const other = decide({ on: 'after_sync', connector: 'salesforce' }, [sync]);
    expect(other.kind === 'skip' && other.reason).toContain('no salesforce sync ran');
  });

  it('webhook enrolls only the entity the delivery names', () => {
    const trigger = { on: 'webhook', name: 'trial_ended' };
    const forAlice: Occurrence = { on: 'webhook', name: 'trial_ended', deliveryId: 'd1', entity: ALICE };
    const forBob: Occurrence = { on: 'webhook', name: 'trial_ended', deliveryId: 'd2', entity: BOB };
    expect(decide(trigger, [forBob, forAlice])).toMatchObject({ signature: 'webhook:trial_ended@d1' });
    expect(decide(trigger, [forBob]).kind).toBe('skip');
  });

  it('keeps the re-enrollment rules for occurrence triggers', () => {
    const sync: Occurrence = { on: 'after_sync', connector: 'hubspot', runId: 'run-8' };
    const ended: EnrollmentHistory = {
      active: false,
      pastEnrollments: 1,
      lastSignature: 'sync:hubspot@run-7',
    };
    expect(decide({ on: 'after_sync' }, [sync], ended, 'after_exit').kind).toBe('enroll');
    const never = decide({ on: 'after_sync' }, [sync], ended, 'never');
    expect(never.kind === 'skip' && never.reason).toContain('policy is never');
    const active = decide({ on: 'after_sync' }, [sync], { ...ended, active: true });
    expect(active.kind === 'skip' && active.reason).toBe('already enrolled (an active enrollment exists)');
    const sameRun = decide({ on: 'after_sync' }, [sync], { ...ended, lastSignature: 'sync:hubspot@run-8' });
    expect(sameRun.kind === 'skip' && sameRun.reason).toContain('already enrolled on this transition');
  });
});

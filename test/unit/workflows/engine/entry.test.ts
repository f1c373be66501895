import { describe, expect, it } from 'vitest';
import {
  decideEntry,
  type EnrollmentHistory,
  parseEntityContext,
} from '../../../../workflows/engine/index.ts';
import { ALICE, mediumContext, retentionWorkflow } from '../../../integration/workflows/engine/harness.ts';

const NOW = new Date('2026-03-02T12:00:00.000Z');
const FRESH: EnrollmentHistory = { active: false, pastEnrollments: 0, lastSignature: null };
const context = parseEntityContext(mediumContext(ALICE), 'test');

describe('decideEntry', () => {
  it('enrolls on a move into the trigger tier with the transition as its signature', () => {
    expect(decideEntry(retentionWorkflow(), context, FRESH, NOW)).toEqual({
      kind: 'enroll',
      tier: 'medium',
      signature: 'churn_risk:low>medium@2026-03-02T00:00:00.000Z',
    });
  });

  it('does not enroll when the tier did not change', () => {
    const staying = parseEntityContext(
      {
        ...mediumContext(ALICE),
        scores: { churn_risk: { value: 50, tier: 'medium', previousTier: 'medium', scoredAt: 'x' } },
      },
      'test',
    );
    const decision = decideEntry(retentionWorkflow(), staying, FRESH, NOW);
    expect(decision.kind === 'skip' && decision.reason).toContain('medium -> medium');
  });

  it('never re-enrolls under the never policy, even on a new transition', () => {
    const history: EnrollmentHistory = { active: false, pastEnrollments: 1, lastSignature: 'older' };
    const decision = decideEntry(retentionWorkflow({ reenrollment: 'never' }), context, history, NOW);
    expect(decision.kind === 'skip' && decision.reason).toContain('policy is never');
  });

  it('re-enrolls after an exit on a new transition under after_exit, but never while active', () => {
    const workflow = retentionWorkflow({ reenrollment: 'after_exit' });
    const ended: EnrollmentHistory = { active: false, pastEnrollments: 1, lastSignature: 'older' };
    expect(decideEntry(workflow, context, ended, NOW).kind).toBe('enroll');
    const active: EnrollmentHistory = { active: true, pastEnrollments: 1, lastSignature: 'older' };
    expect(decideEntry(workflow, context, active, NOW).kind).toBe('skip');
  });
});

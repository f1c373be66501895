import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SqliteCanonicalStore } from '../../../../core/store/sqlite/index.ts';
import {
  assignedCsm,
  type Csm,
  type EntityRef,
  NO_CSMS_REASON,
  plan,
  tick,
} from '../../../../workflows/engine/index.ts';
import {
  ALICE,
  defineWorkflow,
  enrollmentRows,
  mediumContext,
  openEngineStore,
  outboxRows,
} from './harness.ts';

let store: SqliteCanonicalStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/very-secret';
/** As a workflow file writes a secret reference: the variable's name inside `${}`. */
const SLACK_REF = ['${', 'SCOREBRIDGE_TEST_SLACK_WEBHOOK', '}'].join('');
const NOW = new Date('2026-03-02T15:00:00.000Z');
const BOB: EntityRef = { type: 'contact', id: 'c-bob' };
const CSMS: Csm[] = [
  { id: 'ana', name: 'Ana', email: 'ana@example.com', crmUserId: 'hs-ana' },
  { id: 'ben', name: 'Ben', email: 'ben@example.com', crmUserId: 'hs-ben' },
];

/** Enrolled only by another workflow's step: its own trigger names an event that never comes. */
const onboarding = () =>
  defineWorkflow({
    name: 'onboarding',
    entry: { triggers: [{ on: 'event', type: 'never' }], audience: 'account.status == "active"' },
    steps: [{ action: 'wait', delay: { amount: 1, unit: 'days' } }],
  });

let playbook: ReturnType<typeof defineWorkflow>;
beforeAll(() => {
  process.env.SCOREBRIDGE_TEST_SLACK_WEBHOOK = SLACK_URL;
  playbook = defineWorkflow({
    name: 'playbook',
    entry: { triggers: [{ on: 'tier_change', model: 'churn_risk', to: 'medium' }] },
    steps: [
      { action: 'enroll_in_sequence', sequence: 'onboarding' },
      { action: 'assign_owner', role: 'csm' },
      { action: 'create_task', to: 'crm', subject: 'Call', assign_to: 'csm' },
      {
        action: 'notify',
        slack_webhook: SLACK_REF,
        text: '{{account.name}} moved to medium churn risk',
      },
      { action: 'remove_from_sequence', sequence: 'onboarding', delay: { amount: 1, unit: 'hours' } },
    ],
  });
});

function run(db: SqliteCanonicalStore, at: Date, entities: EntityRef[], csms: Csm[] = CSMS) {
  return tick(db.database, {
    now: at,
    workflows: [playbook, onboarding()],
    candidates: entities,
    contextFor: (entity) =>
      mediumContext(entity, {
        record: {
          account: { status: entity.id === 'c-bob' ? 'churned' : 'active', name: `Acme ${entity.id}` },
        },
      }),
    csms,
  });
}

const payloads = (db: SqliteCanonicalStore) =>
  outboxRows(db).map((row) => ({
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  }));

describe('engine actions', () => {
  it('enrolls in and removes from another sequence, assigns a CSM, creates a CSM task and notifies', async () => {
    store = await openEngineStore();
    const first = run(store, NOW, [ALICE]);
    expect(first.steps.map((step) => [step.stepIndex, step.outcome, step.reason])).toEqual([
      [0, 'sent', undefined],
      [1, 'sent', undefined],
      [2, 'sent', undefined],
      [3, 'sent', undefined],
    ]);
    const onboardingRow = enrollmentRows(store).find((row) => row.id !== first.enrolled[0]?.enrollmentId);
    expect(onboardingRow?.state).toBe('active');
    const signature = store.database
      .prepare("SELECT entry_signature FROM enrollments WHERE workflow = 'onboarding'")
      .get() as { entry_signature: string };
    expect(signature.entry_signature).toBe(`step:playbook#${first.enrolled[0]?.enrollmentId}/0`);

    const csm = assignedCsm(store.database, ALICE);
    const chosen = CSMS.find((candidate) => candidate.id === csm?.csmId);
    expect(chosen).toBeDefined();
    const rows = payloads(store);
    expect(rows.map((row) => row.kind)).toEqual(['crm_write', 'task', 'webhook']);
    expect(rows[0]?.payload).toMatchObject({
      connector: 'hubspot',
      fields: { scorebridge_csm: chosen?.email },
    });
    expect(rows[1]?.payload).toMatchObject({ assignTo: 'csm', ownerId: chosen?.crmUserId });
    expect(rows[2]?.payload).toMatchObject({
      notify: { workflow: 'playbook', stepIndex: 3 },
      text: 'Acme c-alice moved to medium churn risk',
    });
    expect(JSON.stringify(rows)).not.toContain('hooks.slack.com');

    const later = run(store, new Date('2026-03-02T16:00:00.000Z'), []);
    expect(later.steps.map((step) => [step.stepIndex, step.outcome])).toEqual([[4, 'sent']]);
    const exited = store.database
      .prepare("SELECT state, exit_reason FROM enrollments WHERE workflow = 'onboarding'")
      .get();
    expect(exited).toEqual({ state: 'exited', exit_reason: 'removed by playbook step 4' });
  });

  it('reports why a step did not enroll, remove or assign', async () => {
    store = await openEngineStore();
    const report = run(store, NOW, [BOB], []);
    const reasons = report.steps.map((step) => [step.stepIndex, step.outcome, step.reason]);
    expect(reasons[0]).toEqual([
      0,
      'skipped',
      'not enrolled in onboarding: audience failed: account.status == "active" (account.status == "active" was false (account.status is "churned"))',
    ]);
    expect(reasons[1]).toEqual([1, 'skipped', NO_CSMS_REASON]);
    expect(payloads(store).find((row) => row.kind === 'task')?.payload.ownerId).toBeUndefined();
    const later = run(store, new Date('2026-03-02T16:00:00.000Z'), [], []);
    expect(later.steps[0]?.reason).toBe('not enrolled in onboarding (no active enrollment)');
  });

  it('keeps an existing assignment and balances new ones by load', async () => {
    store = await openEngineStore();
    store.database
      .prepare("INSERT INTO csm_assignments VALUES ('contact', 'c-old', 'ana', '2026-01-01T00:00:00.000Z')")
      .run();
    store.database
      .prepare("INSERT INTO csm_assignments VALUES ('contact', 'c-alice', 'ana', '2026-01-01T00:00:00.000Z')")
      .run();
    run(store, NOW, [ALICE, BOB]);
    expect(assignedCsm(store.database, ALICE)?.csmId).toBe('ana');
    expect(assignedCsm(store.database, BOB)).toEqual({ csmId: 'ben', assignedAt: NOW.toISOString() });
  });

  it('plans the effects without writing them', async () => {
    store = await openEngineStore();
    const entries = plan(store.database, {
      asOf: NOW,
      workflows: [playbook, onboarding()],
      contexts: [mediumContext(ALICE, { record: { account: { status: 'active' } } })],
      csms: CSMS,
    });
    expect(entries[0]).toMatchObject({ status: 'would_enroll', next: { stepIndex: 0, outcome: 'sent' } });
    expect(enrollmentRows(store)).toEqual([]);
    expect(assignedCsm(store.database, ALICE)).toBeUndefined();
  });
});

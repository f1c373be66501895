import { describe, expect, it } from 'vitest';
import { loadWorkflows } from '../../../../workflows/definitions/index.ts';
import { DELIVERY_POLICY_DEFAULTS } from '../../../../workflows/policy/index.ts';
import { DEMO_CONNECTORS, TEMPLATES_DIR, workflowDir } from './helpers.ts';

const MINIMAL = `templates: retention
entry:
  triggers: [{ on: after_sync }]
steps:
  - { action: send_email, template: day0-checkin }
  - { action: create_task, to: demo_files, subject: Call them }
  - { action: call_webhook, url: "https://example.com/hook" }
`;

describe('workflow defaults', () => {
  it('fills every default so plan can print it', async () => {
    const dir = workflowDir({ 'winback.yaml': MINIMAL });
    const [workflow] = await loadWorkflows(dir, {
      connectors: DEMO_CONNECTORS,
      templatesDir: TEMPLATES_DIR,
      env: {},
    });
    expect(workflow?.name).toBe('winback');
    expect(workflow?.enabled).toBe(true);
    expect(workflow?.entry.reenrollment).toBe('never');
    expect(workflow?.exit).toEqual([{ on: 'unsubscribe' }, { on: 'bounce' }]);
    expect(workflow?.delivery).toEqual(DELIVERY_POLICY_DEFAULTS);
    expect(workflow?.frequency_caps).toEqual([]);
    expect(workflow?.steps[0]).toEqual({
      action: 'send_email',
      template: 'day0-checkin',
      category: 'marketing',
      delay: { amount: 0, unit: 'days' },
      active: true,
    });
    expect(workflow?.steps[1]).toMatchObject({
      due_in: { amount: 2, unit: 'business_days' },
      priority: 'normal',
      assign_to: 'owner',
    });
    expect(workflow?.steps[2]).toMatchObject({ method: 'POST' });
  });
});

describe('event triggers', () => {
  it("take any event name, the product's own as well as the well-known ones", async () => {
    const text = (type: string) =>
      `templates: retention\nentry: { triggers: [{ on: event, type: ${type} }] }\nsteps: [{ action: wait }]\n`;
    const dir = workflowDir({
      'exported.yaml': text('report_exported'),
      'seats.yaml': text('" Seat Added "'),
      'login.yaml': text('login'),
    });
    const workflows = await loadWorkflows(dir, {
      connectors: DEMO_CONNECTORS,
      templatesDir: TEMPLATES_DIR,
      env: {},
    });
    expect(workflows.map((w) => [w.name, w.entry.triggers])).toEqual([
      ['exported', [{ on: 'event', type: 'report_exported' }]],
      ['login', [{ on: 'event', type: 'login' }]],
      ['seats', [{ on: 'event', type: 'Seat Added' }]],
    ]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadWorkflows,
  WORKFLOW_SCHEMA_FILE,
  WORKFLOW_SCHEMA_MODELINE,
  workflowJsonSchemaText,
} from '../../../../workflows/definitions/index.ts';
import { DEMO_CONNECTORS, REPO_ROOT, SHIPPED_WORKFLOWS, TEMPLATES_DIR } from './helpers.ts';

const options = { connectors: DEMO_CONNECTORS, models: ['churn_risk'], templatesDir: TEMPLATES_DIR, env: {} };

describe('shipped retention workflow', () => {
  it('loads against the demo config with CRM steps skipped', async () => {
    const [retention, ...rest] = await loadWorkflows(SHIPPED_WORKFLOWS, options);
    expect(rest).toEqual([]);
    expect(retention?.name).toBe('retention');
    expect(retention?.entry.reenrollment).toBe('on_transition');
    expect(
      retention?.entry.triggers.map((trigger) => (trigger.on === 'tier_change' ? trigger.to : '')),
    ).toEqual(['low', 'medium', 'high']);
    const emails = retention?.steps.filter((step) => step.action === 'send_email') ?? [];
    expect(emails.map((step) => [step.template, step.delay.amount, step.tiers, step.active])).toEqual([
      ['value-recap', 0, ['low'], true],
      ['day0-checkin', 0, ['medium'], true],
      ['save-plan', 0, ['high'], true],
      ['day3-roi', 3, ['medium'], true],
      ['tips', 0, ['low'], true],
      ['day7-optimization-session', 4, ['medium'], true],
    ]);
    const crmSteps = retention?.steps.filter((step) => 'to' in step) ?? [];
    expect(crmSteps.length).toBe(6);
    expect(crmSteps.every((step) => !step.active && step.skippedReason?.includes('no CRM connector'))).toBe(
      true,
    );
    expect(retention?.exit.map((exit) => exit.on)).toEqual([
      'reply',
      'meeting_booked',
      'usage_recovered',
      'tier_changed',
      'unsubscribe',
      'bounce',
    ]);
  });

  it('sends CRM steps to the first CRM connector when one is configured', async () => {
    const [retention] = await loadWorkflows(SHIPPED_WORKFLOWS, {
      ...options,
      connectors: [...DEMO_CONNECTORS, 'hubspot', 'salesforce'],
      crmConnectors: ['hubspot', 'salesforce'],
    });
    const crmSteps = retention?.steps.filter((step) => 'to' in step) ?? [];
    expect(crmSteps.map((step) => ('to' in step ? step.to : '')).every((to) => to === 'hubspot')).toBe(true);
    expect(crmSteps.every((step) => step.active)).toBe(true);
  });

  it('carries the modeline and the committed JSON Schema is current', () => {
    const text = readFileSync(path.join(SHIPPED_WORKFLOWS, 'retention.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe(WORKFLOW_SCHEMA_MODELINE);
    expect(readFileSync(path.join(REPO_ROOT, WORKFLOW_SCHEMA_FILE), 'utf8')).toBe(workflowJsonSchemaText());
  });
});

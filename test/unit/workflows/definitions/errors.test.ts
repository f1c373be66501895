import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigIssue, isConfigError } from '../../../../core/config/index.ts';
import { loadWorkflows } from '../../../../workflows/definitions/index.ts';
import { DEMO_CONNECTORS, TEMPLATES_DIR, workflowDir } from './helpers.ts';

const BAD = `templates: retention
entry:
  triggers:
    - { on: schedule, cron: "61 * * * *" }
  audience: 'account.status == '
steps:
  - action: write_fields
    to: demo_fils
    fields: { a: 1 }
  - action: send_email
    template: day3-roii
exit:
  - on: condition
    when: contact.x >> 3
`;

const OTHER = `templates: retention
entry:
  triggers: [{ on: tier_change, model: churn_rsk, to: hihg }]
steps:
  - { action: wait, delay: { amount: 1, unit: weeks } }
`;

async function issuesOf(files: Record<string, string>): Promise<ConfigIssue[]> {
  const dir = workflowDir(files);
  try {
    await loadWorkflows(dir, {
      connectors: DEMO_CONNECTORS,
      models: ['churn_risk'],
      templatesDir: TEMPLATES_DIR,
    });
  } catch (error) {
    if (isConfigError(error))
      return error.issues.map((issue) => ({ ...issue, file: path.basename(issue.file) }));
    throw error;
  }
  throw new Error('expected the workflows to be rejected');
}

function where(issue: ConfigIssue): string {
  return `${issue.file}:${issue.line}:${issue.column} ${issue.path}`;
}

describe('workflow errors', () => {
  it('reports every problem of every file at file:line:column and YAML path', async () => {
    const issues = await issuesOf({ 'bad.yaml': BAD, 'other.yaml': OTHER });
    expect(issues.map(where)).toEqual([
      'bad.yaml:4:29 entry.triggers[0].cron',
      'bad.yaml:5:32 entry.audience',
      'bad.yaml:8:9 steps[0].to',
      'bad.yaml:11:15 steps[1].template',
      'bad.yaml:14:22 exit[0].when',
      'other.yaml:3:40 entry.triggers[0].model',
      'other.yaml:3:55 entry.triggers[0].to',
      'other.yaml:5:47 steps[0].delay.unit',
    ]);
    const [cron, audience, connector, template, exit, model, tier] = issues;
    expect(cron?.message).toBe("invalid cron expression '61 * * * *'");
    expect(audience?.message).toContain("expected a value after '=='");
    expect(connector?.message).toBe("unknown connector 'demo_fils'");
    expect(connector?.hint).toBe("did you mean 'demo_files'?");
    expect(template?.message).toBe("unknown template 'day3-roii'");
    expect(template?.hint).toBe("did you mean 'day3-roi'?");
    expect(exit?.message).toContain("found '>'");
    expect(model?.hint).toBe("did you mean 'churn_risk'?");
    expect(tier?.hint).toBe("did you mean 'high'?");
  });

  it('reports a missing template set and a duplicate workflow name', async () => {
    const ok = `name: same\ntemplates: retention\nentry: { triggers: [{ on: after_sync }] }\nsteps: [{ action: wait }]\n`;
    const issues = await issuesOf({
      'a.yaml': ok,
      'b.yaml': ok,
      'c.yaml': ok.replace('name: same', 'name: other').replace('retention', 'nowhere'),
    });
    expect(issues.map(where)).toEqual(['b.yaml:1:7 name', 'c.yaml:2:12 templates']);
    expect(issues[0]?.message).toMatch(/^workflow name 'same' is already used by .*a\.yaml$/);
    expect(issues[1]?.message).toContain("cannot load template set 'nowhere'");
  });
});

describe('workflow step rules', () => {
  it('rejects tier-limited steps without a tier_change trigger and literal Slack webhooks', async () => {
    const text = `templates: retention
entry: { triggers: [{ on: event, type: support_ticket_opened }] }
steps:
  - { action: wait, tiers: [high] }
  - { action: notify, slack_webhook: "https://hooks.slack.com/services/T0/B0/x", text: Ticket }
`;
    const issues = await issuesOf({ 'tiers.yaml': text });
    expect(issues.map(where)).toEqual([
      'tiers.yaml:4:28 steps[0].tiers',
      'tiers.yaml:5:38 steps[1].slack_webhook',
    ]);
    expect(issues[0]?.message).toBe('step is limited to tiers but no entry trigger is a tier_change');
    expect(issues[1]?.message).toBe('secret written literally in the config');
  });
});

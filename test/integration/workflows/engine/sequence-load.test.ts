import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../../../core/config/index.ts';
import { loadWorkflows } from '../../../../workflows/definitions/index.ts';
import { DEMO_CONNECTORS, TEMPLATES_DIR, workflowDir } from '../../../unit/workflows/definitions/helpers.ts';

const file = (name: string, steps: string) => `name: ${name}
templates: retention
entry:
  triggers: [{ on: event, type: login }]
steps:
${steps}`;

const options = { connectors: DEMO_CONNECTORS, templatesDir: TEMPLATES_DIR, env: {} };

describe('sequence references across workflow files', () => {
  it('accepts a sequence defined in another file', async () => {
    const dir = workflowDir({
      'a.yaml': file('playbook', '  - { action: enroll_in_sequence, sequence: onboarding }\n'),
      'b.yaml': file('onboarding', '  - { action: remove_from_sequence, sequence: playbook }\n'),
    });
    const loaded = await loadWorkflows(dir, options);
    expect(loaded.map((workflow) => workflow.name)).toEqual(['playbook', 'onboarding']);
  });

  it('reports an unknown sequence at its line and column with the likely name', async () => {
    const dir = workflowDir({
      'a.yaml': file(
        'playbook',
        '  - action: wait\n  - action: enroll_in_sequence\n    sequence: onbording\n',
      ),
      'b.yaml': file('onboarding', '  - { action: remove_from_sequence, sequence: nothing_like_it }\n'),
    });
    const error = await loadWorkflows(dir, options).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (!isConfigError(error)) throw new Error('expected a ConfigError');
    const issues = error.issues.map((issue) => ({ ...issue, file: path.basename(issue.file) }));
    expect(issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.path}`)).toEqual([
      'a.yaml:8:15 steps[1].sequence',
      'b.yaml:6:47 steps[0].sequence',
    ]);
    expect(issues[0]?.message).toBe("unknown workflow 'onbording'");
    expect(issues[0]?.hint).toBe("did you mean 'onboarding'?");
    expect(issues[1]?.hint).toBe("configured workflows are 'playbook' and 'onboarding'");
  });
});

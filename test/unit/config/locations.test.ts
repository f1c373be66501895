// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax under test, not a template.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, checkReference, parseConfigText, secretRef } from '../../../core/config/index.ts';

/** A miniature product schema: enough shape to exercise every kind of located error. */
const connector = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hubspot'), accessToken: secretRef(), portalId: z.number().optional() }),
  z.strictObject({ type: z.literal('salesforce'), instanceUrl: z.string(), clientSecret: secretRef() }),
]);
const schema = z
  .strictObject({
    version: z.literal(1),
    connectors: z.record(z.string(), connector),
    workflows: z
      .array(
        z.strictObject({
          name: z.string(),
          actions: z.array(
            z.strictObject({
              type: z.enum(['write', 'email']),
              to: z.string(),
              delayDays: z.number().optional(),
            }),
          ),
        }),
      )
      .default([]),
  })
  .superRefine((config, ctx) => {
    const names = Object.keys(config.connectors);
    config.workflows.forEach((workflow, w) => {
      workflow.actions.forEach((action, a) => {
        const path = ['workflows', w, 'actions', a, 'to'];
        checkReference(ctx, { value: action.to, candidates: names, path, what: 'connector' });
      });
    });
  });

const ENV = { HUBSPOT_TOKEN: 'pat-na1-0123456789abcdef', SF_SECRET: 'sf-secret-value-987654' };

const VALID = `version: 1
connectors:
  hubspot:
    type: hubspot
    accessToken: \${HUBSPOT_TOKEN}
  salesforce:
    type: salesforce
    instanceUrl: https://example.my.salesforce.com
    clientSecret: \${SF_SECRET}
workflows:
  - name: churn-save
    actions:
      - type: write
        to: hubspot
      - type: email
        to: salesforce
`;

function errorOf(text: string, env: Record<string, string> = ENV): ConfigError {
  try {
    parseConfigText(text, 'config/scorebridge.yaml', schema, { env, baseDir: '/project/config' });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be rejected');
}

describe('located config errors', () => {
  it('accepts the valid file', () => {
    const config = parseConfigText(VALID, 'config/scorebridge.yaml', schema, { env: ENV });
    expect(Object.keys(config.connectors)).toEqual(['hubspot', 'salesforce']);
  });

  it('names the line, column and path of a dangling reference and suggests the connector', () => {
    const error = errorOf(VALID.replace('to: salesforce', 'to: salesfroce'));
    expect(error.format()).toBe(
      "unknown connector 'salesfroce' at workflows[0].actions[1].to (config/scorebridge.yaml:16:13); did you mean 'salesforce'?",
    );
  });

  it('points at a misspelled connector type and suggests the real one', () => {
    const error = errorOf(VALID.replace('type: hubspot', 'type: hubsopt'));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      line: 4,
      column: 11,
      path: 'connectors.hubspot.type',
      hint: "did you mean 'hubspot'?",
    });
    expect(error.format()).toContain(
      "unknown type 'hubsopt' at connectors.hubspot.type (config/scorebridge.yaml:4:11)",
    );
  });

  it('points at a misspelled key (the key itself) and suggests the allowed one', () => {
    const error = errorOf(VALID.replace('instanceUrl:', 'instanceURL:'));
    const unknown = error.issues.find((issue) => issue.message === "unknown key 'instanceURL'");
    expect(unknown).toMatchObject({
      line: 8,
      column: 5,
      path: 'connectors.salesforce.instanceURL',
      hint: "did you mean 'instanceUrl'?",
    });
    // The same edit also leaves instanceUrl missing; that is reported at the object that lacks it.
    const missing = error.issues.find((issue) => issue.message === "missing required key 'instanceUrl'");
    expect(missing).toMatchObject({ line: 6, column: 3, path: 'connectors.salesforce.instanceUrl' });
  });

  it('reports a wrong type deep in a list at the offending value', () => {
    const text = VALID.replace('        to: hubspot\n', '        to: hubspot\n        delayDays: three\n');
    const error = errorOf(text);
    expect(error.format()).toBe(
      'expected a number, got a string at workflows[0].actions[0].delayDays (config/scorebridge.yaml:15:20)',
    );
  });

  it('reports a missing required key at the parent that should hold it', () => {
    const error = errorOf(VALID.replace('  - name: churn-save\n    actions:\n', '  - actions:\n'));
    expect(error.format()).toBe(
      "missing required key 'name' at workflows[0].name (config/scorebridge.yaml:11:5); expected a string",
    );
  });

  it('points at the key when a value is left empty', () => {
    const error = errorOf(VALID.replace('instanceUrl: https://example.my.salesforce.com', 'instanceUrl:'));
    expect(error.issues[0]).toMatchObject({ path: 'connectors.salesforce.instanceUrl', line: 8, column: 5 });
    expect(error.issues[0]?.message).toBe('expected a string, got an empty value');
  });

  it('locates YAML syntax errors', () => {
    const error = errorOf(VALID.replace('  hubspot:\n', '  hubspot:\n   type: [hubspot\n'));
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues[0]).toMatchObject({ file: 'config/scorebridge.yaml', line: 4, path: '' });
    expect(error.issues[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('locates a duplicate key as a YAML error', () => {
    const error = errorOf(VALID.replace('version: 1\n', 'version: 1\nversion: 1\n'));
    expect(error.format()).toBe('invalid YAML: map keys must be unique (config/scorebridge.yaml:2:1)');
  });

  it('reports every problem in one pass, sorted by position', () => {
    const text = VALID.replace('type: hubspot', 'type: hubsopt')
      .replace('to: salesforce', 'to: nowhere')
      .replace('version: 1', 'version: 2');
    const error = errorOf(text);
    const lines = error.issues.map((issue) => issue.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(error.issues[0]).toMatchObject({
      path: 'version',
      line: 1,
      column: 10,
      message: 'expected 1, got 2',
    });
  });
});

describe('unknown keys without a close match', () => {
  it('list the allowed keys', () => {
    const error = errorOf(VALID.replace('    accessToken:', '    colour: red\n    accessToken:'));
    expect(error.issues[0]).toMatchObject({
      message: "unknown key 'colour'",
      path: 'connectors.hubspot.colour',
      line: 5,
      column: 5,
      hint: "allowed keys are 'type', 'accessToken' and 'portalId'",
    });
  });
});

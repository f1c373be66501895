// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandIo, ExitCode } from '../../../../cli/commands/command-io.ts';
import { registerSalesforceFields } from '../../../../cli/commands/salesforce-fields.ts';
import { destination, type Harness, harness } from './emulated-org.ts';

function writeConfig(url: string, clientId: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sf-fields-'));
  const file = path.join(dir, 'scorebridge.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'connectors:',
      '  crm:',
      '    type: salesforce',
      `    instanceUrl: ${url}`,
      `    loginUrl: ${url}`,
      '    auth:',
      `      clientId: ${clientId}`,
      '      clientSecret: ${SF_CLIENT_SECRET}',
      '      refreshToken: ${SF_REFRESH_TOKEN}',
      'scoring:',
      '  models:',
      '    lead_score: { kind: lead, entity: contact }',
      '    churn_risk: { kind: churn, entity: account }',
      '',
    ].join('\n'),
  );
  return file;
}

async function run(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ code: ExitCode | undefined; stdout: string; stderr: string }> {
  let code: ExitCode | undefined;
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    env,
    setExitCode: (c) => (code = c),
  };
  const program = new Command('scorebridge').exitOverride();
  registerSalesforceFields(program, io);
  await program.parseAsync(['node', 'scorebridge', 'salesforce', 'fields', ...args]);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('scorebridge salesforce fields', () => {
  let h: Harness;
  let config: string;
  let env: Record<string, string>;

  beforeEach(async () => {
    h = await harness();
    const credentials = h.emulator.credentials();
    config = writeConfig(h.emulator.url, credentials.clientId);
    env = { SF_CLIENT_SECRET: credentials.clientSecret, SF_REFRESH_TOKEN: credentials.refreshToken };
  });
  afterEach(async () => {
    await h.close();
  });

  it('prints object, label, API name, type, size and description of every field to create', async () => {
    const { code, stdout } = await run(env, '--config', config);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    const row = (object: string, apiName: string) =>
      lines.find((line) => line.startsWith(object) && line.includes(` ${apiName} `));
    expect(row('Contact', 'Lead_Score__c')).toMatch(
      /^Contact\s+Lead Score\s+Lead_Score__c\s+Number\s+length 16, decimal places 2\s+scorebridge lead score/,
    );
    expect(row('Lead', 'Lead_Score_Tier__c')).toMatch(/Picklist \(restricted\)\s+values: low, medium, high/);
    expect(row('Account', 'Churn_Risk_Updated__c')).toMatch(/Date\/Time/);
    expect(row('Task', 'Scorebridge_Key__c')).toMatch(
      /Text \(External ID, Unique, case sensitive\)\s+length 80/,
    );
    // Two models x four fields, on Lead and Contact (lead_score) or Account (churn_risk), plus the Task key.
    expect(stdout).toContain('(2 enabled models, 13 fields)');
    expect(stdout).not.toMatch(/Contact\s+Churn Risk/);
  });

  it('with --check lists only the fields the integration user cannot see yet', async () => {
    await destination(h.emulator).ensureScoreFields('Contact', [
      { name: 'lead_score', label: 'Lead Score', type: 'number', description: 'score' },
    ]);
    const { code, stdout } = await run(env, '--config', config, '--check');
    expect(code).toBe(0);
    expect(stdout).toContain('1 of 13 already exist and are visible; 12 to create.');
    expect(stdout).not.toMatch(/^Contact\s+Lead Score\s+Lead_Score__c/m);
    expect(stdout).toMatch(/^Lead\s+Lead Score\s+Lead_Score__c/m);
  });

  it('says which connector to choose when none matches', async () => {
    const { code, stderr } = await run(env, '--config', config, '--connector', 'hubspot');
    expect(code).toBe(2);
    expect(stderr).toContain('no Salesforce connector named "hubspot" (Salesforce connectors: crm)');
  });
});

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is how the output names a secret's variable.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../app/sandbox/start-sandbox.ts';
import { runCheckCommand } from '../../../cli/commands/check.ts';
import type { CommandIo, ExitCode } from '../../../cli/commands/command-io.ts';
import { DEFAULT_PRIVATE_APP_SCOPES } from '../../../emulators/hubspot/auth.ts';
import { DEFAULT_EMULATOR_TOKEN } from '../../../emulators/hubspot/index.ts';

interface Outcome {
  readonly code: ExitCode;
  readonly out: string;
}

describe('scorebridge check against the sandbox', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      dir: mkdtempSync(path.join(tmpdir(), 'sb-check-')),
      contacts: 100,
      seed: 5,
      hubspotPort: 0,
      salesforcePort: 0,
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  async function check(...args: string[]): Promise<Outcome> {
    let out = '';
    let code: ExitCode = 0;
    const io: CommandIo = {
      stdout: (text) => {
        out += text;
      },
      stderr: (text) => {
        out += text;
      },
      env: { ...process.env, ...sandbox.env },
      setExitCode: (value) => {
        code = value;
      },
    };
    const connector = args.flatMap((arg, index) => (args[index - 1] === '--connector' ? [arg] : []));
    code = await runCheckCommand(
      {
        config: sandbox.configFile,
        ...(connector.length > 0 ? { connector } : {}),
        ...(args.includes('--json') ? { json: true } : {}),
      },
      io,
    );
    return { code, out };
  }

  it('passes with exit 0 on the healthy sandbox, every connector reached', async () => {
    const { code, out } = await check();
    expect(code).toBe(0);
    expect(out).toContain('hubspot (HubSpot): ready');
    expect(out).toContain('✓ HubSpot accepts the access token ${SANDBOX_HUBSPOT_TOKEN}');
    expect(out).toMatch(/✓ scopes: all \d+ scopes scorebridge needs are granted/);
    expect(out).toMatch(/✓ daily API allowance: [\d,]+ of 625,000 requests left today/);
    expect(out).toContain('salesforce (Salesforce): ready');
    expect(out).toMatch(/✓ daily API allowance: [\d,]+ of 100,000 requests left in the rolling 24 hours/);
    expect(out).toContain('✓ Contact: fields sync reads');
    expect(out).toContain('snowflake (Snowflake): ready');
    expect(out).toContain('bigquery (BigQuery): ready');
    expect(out).not.toContain('✗');
    expect(out).toContain('Everything scorebridge needs is in place (4 connectors checked).');
  });

  it('--json gives machines the same findings', async () => {
    const { code, out } = await check('--json', '--connector', 'salesforce');
    expect(code).toBe(0);
    const parsed = JSON.parse(out) as {
      passed: boolean;
      connectors: { connector: string; items: unknown[] }[];
    };
    expect(parsed.passed).toBe(true);
    expect(parsed.connectors.map((c) => c.connector)).toEqual(['salesforce']);
    expect(parsed.connectors[0]!.items).toContainEqual(
      expect.objectContaining({ status: 'ok', what: 'Contact: fields sync reads' }),
    );
  });

  it('names a missing scope, a missing property and fields hidden by field-level security, and exits 1', async () => {
    const { hubspot, salesforce } = sandbox.emulators;
    hubspot.tokens.setScopes(
      DEFAULT_EMULATOR_TOKEN,
      DEFAULT_PRIVATE_APP_SCOPES.filter((scope) => scope !== 'crm.objects.deals.read'),
    );
    hubspot.state.properties.archive('companies', 'mrr');
    const contact = salesforce.state.requireTable('Contact');
    // The config maps timezone to Time_Zone__c: it exists, but field-level security now hides it.
    contact.hidden.add('Time_Zone__c');
    try {
      const { code, out } = await check();
      expect(code).toBe(1);
      expect(out).toContain('hubspot (HubSpot): 2 problems');
      expect(out).toContain('✗ scope crm.objects.deals.read: the token lacks it; sync reads deals');
      expect(out).toContain('✗ companies property mrr: sync reads it, but the portal has no such property');
      expect(out).toContain('or name an existing property at connectors.hubspot.accountFields.mrr');
      expect(out).toContain('salesforce (Salesforce): 1 problem');
      expect(out).toContain(
        '✗ Contact.Time_Zone__c is visible to the API user (connectors.salesforce.streams.contacts.fields.timezone): the field exists, but field-level security hides it from the API user',
      );
      expect(out).toContain(
        'fix: grant Read on Contact.Time_Zone__c in the permission set Scorebridge_Integration',
      );
      expect(out).toContain('3 problems to fix in hubspot, salesforce');
    } finally {
      hubspot.tokens.setScopes(DEFAULT_EMULATOR_TOKEN, DEFAULT_PRIVATE_APP_SCOPES);
      contact.hidden.delete('Time_Zone__c');
    }
  });

  it('names a revoked HubSpot token as such and a refused Salesforce refresh token', async () => {
    sandbox.emulators.hubspot.tokens.revoke(DEFAULT_EMULATOR_TOKEN);
    let outcome: Outcome;
    try {
      outcome = await check('--connector', 'hubspot');
    } finally {
      sandbox.emulators.hubspot.tokens.add(DEFAULT_EMULATOR_TOKEN);
    }
    expect(outcome.code).toBe(1);
    expect(outcome.out).toContain(
      '✗ HubSpot accepts the access token ${SANDBOX_HUBSPOT_TOKEN}: HubSpot answered 401 INVALID_AUTHENTICATION: the token is invalid or was revoked or rotated',
    );
    expect(outcome.out).toContain('copy its current token into SANDBOX_HUBSPOT_TOKEN');

    const saved = sandbox.env;
    (sandbox as { env: Record<string, string> }).env = {
      ...saved,
      SANDBOX_SALESFORCE_REFRESH_TOKEN: 'revoked-refresh-token',
    };
    try {
      const refused = await check('--connector', 'salesforce');
      expect(refused.code).toBe(1);
      expect(refused.out).toContain(
        '✗ Salesforce accepts the refresh token ${SANDBOX_SALESFORCE_REFRESH_TOKEN}',
      );
      expect(refused.out).toContain('issue a new refresh token for the integration user');
    } finally {
      (sandbox as { env: Record<string, string> }).env = saved;
    }
  });

  it('a score field hidden by field-level security is a problem, not a field to create', async () => {
    const { salesforce } = sandbox.emulators;
    const { customFieldFromMetadata } = await import('../../../emulators/salesforce/custom-fields.ts');
    const parsed = customFieldFromMetadata('Lead_Score__c', {
      type: 'Number',
      label: 'Lead score',
      precision: 5,
      scale: 1,
    });
    if (!parsed.ok) throw new Error('field definition');
    salesforce.state.requireTable('Contact').addField(parsed.def, true);
    const { code, out } = await check('--connector', 'salesforce');
    expect(code).toBe(1);
    expect(out).toContain(
      '✗ Contact.Lead_Score__c is visible to the API user (score write-back): the field exists, but field-level security hides it from the API user',
    );
    expect(out).toContain(
      'fix: grant Read and Edit on Contact.Lead_Score__c in the permission set Scorebridge_Integration',
    );
  });
});

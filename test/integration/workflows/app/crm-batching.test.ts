import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../app/config/index.ts';
import { openProductStore } from '../../../../app/store.ts';
import { openWorkflowEngine } from '../../../../app/workflows/open-session.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import { DEFAULT_EMULATOR_TOKEN, startHubspotEmulator } from '../../../../emulators/hubspot/index.ts';
import { seedSalesforceSynthetic, startSalesforceEmulator } from '../../../../emulators/salesforce/index.ts';
import { account, batch } from '../../../helpers/records.ts';
import { churnScores } from './harness.ts';

const TEMPLATES = fileURLToPath(new URL('../../../../config/templates', import.meta.url));
const AT = '2026-11-02T10:00:00.000Z';

const WORKFLOW = `name: tiers
entry:
  triggers: [{ on: tier_change, model: churn_risk, to: low }]
steps:
  - { action: write_fields, to: crm, fields: { scorebridge_churn_tier: low } }
delivery:
  sendWindow: null
  sendDays: [mon, tue, wed, thu, fri, sat, sun]
`;

/**
 * A store whose accounts live in one CRM (`ref` per account), scored into the low tier, and a
 * config with that CRM and a workflow writing a field on every account that enters the tier.
 */
async function buildWorld(
  clock: FixedClock,
  connectorYaml: string,
  refs: readonly { system: string; objectType: string; externalId: string }[],
): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-crm-batch-'));
  mkdirSync(path.join(dir, 'workflows'));
  writeFileSync(path.join(dir, 'workflows', 'tiers.yaml'), WORKFLOW);
  const configFile = path.join(dir, 'scorebridge.yaml');
  writeFileSync(
    configFile,
    `version: 1
store: { path: store.db }
workflows: { dir: workflows, templates: ${JSON.stringify(TEMPLATES)} }
connectors:
${connectorYaml}`,
  );
  const store = await openProductStore(path.join(dir, 'store.db'), clock);
  await store.applyBatch(
    batch(
      'crm.accounts',
      refs.map((ref, i) =>
        account(ref.system, ref.externalId, { ref, name: `Customer ${i}`, status: 'active' }),
      ),
    ),
  );
  const ids: string[] = [];
  for await (const page of store.iterateAccounts()) ids.push(...page.map((a) => a.id));
  await store.saveScores(churnScores(ids, AT, () => 20));
  await store.close();
  return configFile;
}

/** One `workflows run`, and the CRM write rows it left. */
async function runOnce(clock: FixedClock, configFile: string, env: Record<string, string>) {
  const loaded = await loadConfig(configFile, env);
  const session = await openWorkflowEngine(loaded, {
    clock,
    logger: silentLogger(),
    sleep: async () => {},
    env,
    random: () => 0.5,
  });
  try {
    const summary = await session.engine!.runOnce('test');
    const rows = session.store.database
      .prepare(`SELECT state, provider_id, last_error FROM outbox WHERE kind = 'crm_write'`)
      .all() as { state: string; provider_id: string | null; last_error: string | null }[];
    return { summary, rows };
  } finally {
    await session.close();
  }
}

describe('workflow CRM writes go out in batches', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('writes 185 HubSpot companies with 2 batch updates, each step recorded on its own row', async () => {
    const clock = new FixedClock(AT);
    const hubspot = await startHubspotEmulator({ clock, rateLimit: false });
    closers.push(() => hubspot.close());
    const ids = Array.from(
      { length: 185 },
      (_, i) => hubspot.state.create('companies', { name: `Customer ${i}` }).id,
    );
    const configFile = await buildWorld(
      clock,
      `  hubspot:
    type: hubspot
    accessToken: \${HUBSPOT_TOKEN}
    baseUrl: ${hubspot.url}
    plan: professional
`,
      ids.map((id) => ({ system: 'hubspot', objectType: 'companies', externalId: String(id) })),
    );
    // One company was deleted in HubSpot since the last sync: its step fails alone.
    hubspot.state.archive('companies', ids[17]!);

    const { summary, rows } = await runOnce(clock, configFile, { HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN });
    const updates = hubspot.stats.count({ endpoint: 'POST /crm/v3/objects/companies/batch/update' });
    console.info(
      `workflow CRM writes: 185 HubSpot companies, ${updates} batch updates, ${hubspot.stats.total} calls in all`,
    );
    expect(summary.enrolled).toBe(185);
    expect(summary.relay).toMatchObject({ sent: 184, failed: 1, unknown: 0 });
    expect(updates).toBe(2);
    expect(hubspot.stats.count({ endpoint: /objects\/companies\/\d+/ })).toBe(0);
    expect(rows).toHaveLength(185);
    const failed = rows.filter((row) => row.state === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.last_error).toMatch(/permanent/);
    expect(rows.filter((row) => row.state === 'sent' && row.provider_id !== null)).toHaveLength(184);
    const written = ids.filter(
      (id) => hubspot.state.live('companies', id)?.properties.scorebridge_churn_tier === 'low',
    );
    expect(written).toHaveLength(184);
  });

  it('writes 250 Salesforce accounts with 2 sObject Collections calls', async () => {
    const clock = new FixedClock(AT);
    const salesforce = await startSalesforceEmulator({ clock });
    closers.push(() => salesforce.close());
    const { accountIds } = seedSalesforceSynthetic(salesforce.state, {
      accounts: 250,
      contacts: 0,
      activities: 0,
      seed: 3,
      startMs: Date.parse(AT) - 86_400_000,
    });
    const credentials = salesforce.credentials();
    const configFile = await buildWorld(
      clock,
      `  salesforce:
    type: salesforce
    instanceUrl: ${salesforce.url}
    loginUrl: ${salesforce.url}
    apiVersion: '62.0'
    writeBack:
      permissionSet: Scorebridge_Integration
    auth:
      clientId: ${credentials.clientId}
      clientSecret: \${SF_CLIENT_SECRET}
      refreshToken: \${SF_REFRESH_TOKEN}
`,
      accountIds.map((id) => ({ system: 'salesforce', objectType: 'Account', externalId: id })),
    );
    const { summary, rows } = await runOnce(clock, configFile, {
      SF_CLIENT_SECRET: credentials.clientSecret,
      SF_REFRESH_TOKEN: credentials.refreshToken,
    });
    const updates = salesforce.stats.count('composite.update');
    console.info(`workflow CRM writes: 250 Salesforce accounts, ${updates} collections calls`);
    expect(summary.relay).toMatchObject({ sent: 250, failed: 0, unknown: 0 });
    expect(rows.filter((row) => row.state === 'sent')).toHaveLength(250);
    expect(updates).toBe(2);
  });
});

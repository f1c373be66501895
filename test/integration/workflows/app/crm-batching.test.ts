import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../app/config/index.ts';
import { openProductStore } from '../../../../app/store.ts';
import { openWorkflowEngine } from '../../../../app/workflows/open-session.ts';
import { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  startHubspotEmulator,
} from '../../../../emulators/hubspot/index.ts';
import { account, batch } from '../../../helpers/records.ts';
import { churnScores } from './harness.ts';

const TEMPLATES = fileURLToPath(new URL('../../../../config/templates', import.meta.url));
const AT = '2026-11-02T10:00:00.000Z';
const ACCOUNTS = 185;
const UPDATE = 'POST /crm/v3/objects/companies/batch/update';

/** One `workflows run` that writes a CRM field on 185 accounts, against the strict HubSpot emulator. */
describe('workflow CRM writes go out in batches', () => {
  const clock = new FixedClock(AT);
  let emulator: HubspotEmulator;
  let dir = '';
  let companyIds: number[] = [];

  beforeAll(async () => {
    emulator = await startHubspotEmulator({ clock, rateLimit: false });
    companyIds = Array.from(
      { length: ACCOUNTS },
      (_, i) => emulator.state.create('companies', { name: `Customer ${i}` }).id,
    );
    dir = mkdtempSync(path.join(tmpdir(), 'sb-crm-batch-'));
    mkdirSync(path.join(dir, 'workflows'));
    writeFileSync(
      path.join(dir, 'workflows', 'tiers.yaml'),
      `name: tiers
entry:
  triggers: [{ on: tier_change, model: churn_risk, to: low }]
steps:
  - { action: write_fields, to: crm, fields: { scorebridge_churn_tier: low } }
delivery:
  sendWindow: null
  sendDays: [mon, tue, wed, thu, fri, sat, sun]
`,
    );
    writeFileSync(
      path.join(dir, 'scorebridge.yaml'),
      `version: 1
store: { path: store.db }
workflows: { dir: workflows, templates: ${JSON.stringify(TEMPLATES)} }
connectors:
  hubspot:
    type: hubspot
    accessToken: \${HUBSPOT_TOKEN}
    baseUrl: ${emulator.url}
    plan: professional
`,
    );
    const store = await openProductStore(path.join(dir, 'store.db'), clock);
    await store.applyBatch(
      batch(
        'hubspot.companies',
        companyIds.map((id, i) =>
          account('hubspot', String(id), {
            ref: { system: 'hubspot', objectType: 'companies', externalId: String(id) },
            name: `Customer ${i}`,
            status: 'active',
          }),
        ),
      ),
    );
    const ids: string[] = [];
    for await (const page of store.iterateAccounts()) ids.push(...page.map((a) => a.id));
    await store.saveScores(churnScores(ids, AT, () => 20));
    await store.close();
  }, 60_000);
  afterAll(() => emulator?.close());

  it('writes 185 accounts with 2 HubSpot batch updates, recording each step on its own row', async () => {
    // One company was deleted in HubSpot since the last sync: its step fails alone.
    const gone = companyIds[17]!;
    emulator.state.archive('companies', gone);
    const env = { HUBSPOT_TOKEN: DEFAULT_EMULATOR_TOKEN };
    const loaded = await loadConfig(path.join(dir, 'scorebridge.yaml'), env);
    const session = await openWorkflowEngine(loaded, {
      clock,
      logger: silentLogger(),
      sleep: async () => {},
      env,
      random: () => 0.5,
    });
    try {
      emulator.stats.reset();
      const summary = await session.engine!.runOnce('test');
      expect(summary.enrolled).toBe(ACCOUNTS);
      expect(summary.relay).toMatchObject({ sent: ACCOUNTS - 1, failed: 1, unknown: 0 });
      expect(emulator.stats.count({ endpoint: UPDATE })).toBe(2);
      expect(emulator.stats.count({ endpoint: /objects\/companies\/\d+/ })).toBe(0);
      console.info(
        `workflow CRM writes: ${ACCOUNTS} accounts, ${emulator.stats.count({ endpoint: UPDATE })} batch update calls, ${emulator.stats.total} HubSpot calls in all`,
      );
      const rows = session.store.database
        .prepare(
          `SELECT state, provider_id, last_error, json_extract(payload, '$.entity.id') AS entity FROM outbox WHERE kind = 'crm_write'`,
        )
        .all() as { state: string; provider_id: string | null; last_error: string | null }[];
      expect(rows).toHaveLength(ACCOUNTS);
      const failed = rows.filter((row) => row.state === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.last_error).toMatch(/permanent/);
      expect(rows.filter((row) => row.state === 'sent' && row.provider_id !== null)).toHaveLength(
        ACCOUNTS - 1,
      );
      const written = companyIds.filter(
        (id) => emulator.state.live('companies', id)?.properties.scorebridge_churn_tier === 'low',
      );
      expect(written).toHaveLength(ACCOUNTS - 1);
    } finally {
      await session.close();
    }
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { type LoadedConfig, loadConfig } from '../../../../app/config/index.ts';
import { openRuntime } from '../../../../app/runtime.ts';
import { type Sandbox, startSandbox } from '../../../../app/sandbox/start-sandbox.ts';
import type { FixedClock } from '../../../../core/clock.ts';
import { silentLogger } from '../../../../core/logger.ts';
import type { Score } from '../../../../core/schema/index.ts';
import { runSync } from '../../../../core/sync/run-sync.ts';

export const UNSUBSCRIBE_SECRET = 'e2e-unsubscribe-key-0123456789abcdef';

export interface E2eWorld {
  readonly sandbox: Sandbox;
  readonly loaded: LoadedConfig;
  readonly env: Record<string, string | undefined>;
  readonly eventsFile: string;
}

/**
 * The sandbox (demo business in emulated HubSpot + Salesforce) with real SMTP instead of .eml
 * files, and a JSONL product-events feed the test appends to (replies, logins).
 */
export async function startWorld(dir: string, smtpPort: number, contacts: number): Promise<E2eWorld> {
  const sandbox = await startSandbox({ dir, contacts, seed: 5, hubspotPort: 0, salesforcePort: 0 });
  const config = parse(readFileSync(sandbox.configFile, 'utf8')) as {
    email: { transport: unknown; unsubscribe: Record<string, unknown> };
    connectors: Record<string, unknown>;
  };
  config.email.transport = { type: 'smtp', host: '127.0.0.1', port: smtpPort, requireTLS: false };
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a config secret reference, not a template
  config.email.unsubscribe.secret = '${E2E_UNSUBSCRIBE_SECRET}';
  const eventsFile = path.join(dir, 'product-events.jsonl');
  writeFileSync(eventsFile, '');
  config.connectors.product_events = {
    type: 'file',
    baseDir: dir,
    streams: {
      product_events: {
        kind: 'event',
        path: 'product-events.jsonl',
        id: 'id',
        columns: { contactEmail: 'email', type: 'type', occurredAt: 'at' },
      },
    },
  };
  writeFileSync(sandbox.configFile, stringify(config));
  const env = { ...process.env, ...sandbox.env, E2E_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET };
  const loaded = await loadConfig(sandbox.configFile, env);
  return { sandbox, loaded, env, eventsFile };
}

export async function syncAll(world: E2eWorld, clock: FixedClock): Promise<void> {
  const runtime = await openRuntime(world.loaded, clock, silentLogger());
  try {
    const results = await runSync({
      store: runtime.store,
      connectors: runtime.connectors,
      clock,
      logger: silentLogger(),
    });
    const failed = results.filter((r) => r.status !== 'succeeded');
    if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed)}`);
  } finally {
    await runtime.close();
  }
}

/** Churn scores for every account, spread over the three tiers; a second call makes a new history row. */
export function churnScores(
  accountIds: readonly string[],
  at: string,
  value: (index: number) => number,
): Score[] {
  return accountIds.map((entityId, index) => {
    const v = value(index);
    return {
      entityType: 'account',
      entityId,
      model: 'churn_risk',
      kind: 'churn',
      modelVersion: 'e2e',
      probability: v / 100,
      value: v,
      tier: v > 70 ? 'high' : v > 40 ? 'medium' : 'low',
      reasons: [
        { feature: 'logins_trend', direction: 'up', points: 12, text: 'logins down 60% vs last month' },
      ],
      computedAt: at,
    };
  });
}

// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} is the config syntax for secrets, not a template.
import { SnowflakeClient } from '../../../../connectors/snowflake/client.ts';
import {
  type SnowflakeConnectorConfig,
  snowflakeConnectorConfigSchema,
} from '../../../../connectors/snowflake/config.ts';
import { runInConfigContext } from '../../../../core/config/context.ts';
import type { Score } from '../../../../core/schema/index.ts';
import type { SnowflakeEmulator } from '../../../../emulators/snowflake/index.ts';

export const PASSWORD_ENV = { SNOWFLAKE_TEST_PASSWORD: 'emulator-password' };

/** A parsed connector config pointed at the emulator. */
export function emulatorConfig(
  emulator: SnowflakeEmulator,
  extra: Record<string, unknown> = {},
): SnowflakeConnectorConfig {
  const raw = {
    type: 'snowflake',
    account: emulator.account,
    username: 'scorebridge',
    password: '${SNOWFLAKE_TEST_PASSWORD}',
    database: 'CRM',
    schema: 'PUBLIC',
    warehouse: 'COMPUTE_WH',
    accessUrl: emulator.url,
    ...extra,
  };
  return runInConfigContext({ env: PASSWORD_ENV, baseDir: process.cwd() }, () =>
    snowflakeConnectorConfigSchema.parse(raw),
  );
}

export function connect(config: SnowflakeConnectorConfig): Promise<SnowflakeClient> {
  return SnowflakeClient.connect({ ...config, password: config.password });
}

export function score(index: number, overrides: Partial<Score> = {}): Score {
  return {
    entityType: 'contact',
    entityId: `c${String(index).padStart(7, '0')}`,
    model: 'churn_risk',
    kind: 'churn',
    modelVersion: 'v1',
    probability: (index % 100) / 100,
    value: index % 100,
    tier: index % 3 === 0 ? 'high' : 'low',
    reasons: [{ feature: 'logins_30d', direction: 'down', points: -3.5, text: 'Fewer logins' }],
    amount: null,
    action: null,
    computedAt: '2026-01-02T03:04:05.000Z',
    ...overrides,
  };
}

export async function* pages(scores: readonly Score[], size = 1000): AsyncGenerator<readonly Score[]> {
  for (let start = 0; start < scores.length; start += size) yield scores.slice(start, start + size);
}

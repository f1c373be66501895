import { checkBigQuery } from '../../connectors/bigquery/check.ts';
import { checkFiles } from '../../connectors/file/check.ts';
import { checkHubspot } from '../../connectors/hubspot/check/check-hubspot.ts';
import { checkSalesforce } from '../../connectors/salesforce/check/check-salesforce.ts';
import { checkSnowflake } from '../../connectors/snowflake/check.ts';
import type { Clock } from '../../core/clock.ts';
import { type CheckItem, type ConnectorCheck, fail } from '../../core/connectors/check.ts';
import type { LoadedConfig } from '../config/index.ts';
import { writeBackModels } from '../writeback/targets.ts';

export interface RunCheckOptions {
  readonly loaded: LoadedConfig;
  /** Only these connectors (by config name); all when absent. */
  readonly only?: readonly string[];
  readonly clock: Clock;
}

/**
 * Checks every configured connector (or the named ones) against its real API, one after the
 * other so the output reads in config order. A check that throws is reported as that
 * connector's failure; the others still run.
 */
export async function runCheck(options: RunCheckOptions): Promise<ConnectorCheck[]> {
  const { loaded } = options;
  const models = writeBackModels(loaded);
  const tiers = loaded.config.scoring.tiers.map((band) => band.name);
  const checks: ConnectorCheck[] = [];
  for (const [name, config] of Object.entries(loaded.config.connectors)) {
    if (options.only && !options.only.includes(name)) continue;
    let items: CheckItem[];
    try {
      switch (config.type) {
        case 'hubspot':
          items = await checkHubspot(name, config, models, options.clock);
          break;
        case 'salesforce':
          items = await checkSalesforce(name, config, models, tiers, options.clock);
          break;
        case 'bigquery':
          items = await checkBigQuery(name, config);
          break;
        case 'snowflake':
          items = await checkSnowflake(name, config);
          break;
        case 'file':
          items = await checkFiles(name, config, loaded.configDir);
          break;
      }
    } catch (error) {
      items = [
        fail(
          'the check itself',
          (error as Error).message,
          'run again with SCOREBRIDGE_DEBUG=1 and report it if it persists',
        ),
      ];
    }
    checks.push({ connector: name, type: config.type, items });
  }
  return checks;
}

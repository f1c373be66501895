import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_AS_OF } from '../../demo/time.ts';
import { type BigQueryEmulator, startBigQueryEmulator } from '../../emulators/bigquery/index.ts';
import {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  seedHubspotFromDemo,
  startHubspotEmulator,
} from '../../emulators/hubspot/index.ts';
import {
  type SalesforceEmulator,
  seedSalesforceFromDemo,
  startSalesforceEmulator,
} from '../../emulators/salesforce/index.ts';
import { type SnowflakeEmulator, startSnowflakeEmulator } from '../../emulators/snowflake/index.ts';
import { SANDBOX_ENV, SANDBOX_WAREHOUSE, sandboxConfigYaml } from './sandbox-config.ts';

/** The emulated Snowflake checks this password, so the sandbox shows the real secret flow. */
const SNOWFLAKE_PASSWORD = 'sandbox-password';

const PRODUCT_CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

export interface SandboxOptions {
  readonly dir: string;
  readonly contacts: number;
  readonly seed: number;
  readonly hubspotPort: number;
  readonly salesforcePort: number;
  /** Where the demo business's history ends (ISO); default the demo's fixed date, for reproducible tests. */
  readonly asOf?: string;
}

export interface Sandbox {
  readonly configFile: string;
  /** Where the seeded history ends. */
  readonly asOf: string;
  readonly hubspotUrl: string;
  readonly salesforceUrl: string;
  readonly salesforceClientId: string;
  readonly bigqueryUrl: string;
  readonly snowflakeUrl: string;
  /** Environment the config's ${VAR} references need. */
  readonly env: Readonly<Record<string, string>>;
  readonly seeded: { readonly hubspotContacts: number; readonly salesforceRecords: Record<string, number> };
  /** The running emulators, for inspecting what reached each system (request counts, stored records). */
  readonly emulators: {
    readonly hubspot: HubspotEmulator;
    readonly salesforce: SalesforceEmulator;
    readonly bigquery: BigQueryEmulator;
    readonly snowflake: SnowflakeEmulator;
  };
  close(): Promise<void>;
}

/**
 * Starts an emulated HubSpot portal and Salesforce org on loopback, both seeded with the same
 * demo business, and writes the config that points scorebridge at them.
 */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const hubspot = await startHubspotEmulator({
    port: options.hubspotPort,
    host: '127.0.0.1',
    seed: options.seed,
  });
  const salesforce = await startSalesforceEmulator({
    port: options.salesforcePort,
    host: '127.0.0.1',
    seed: options.seed,
  });
  const bigquery = await startBigQueryEmulator({
    projectId: SANDBOX_WAREHOUSE.bigqueryProject,
    port: 0,
    host: '127.0.0.1',
  });
  const snowflake = await startSnowflakeEmulator({
    port: 0,
    host: '127.0.0.1',
    account: SANDBOX_WAREHOUSE.snowflakeAccount,
    users: { [SANDBOX_WAREHOUSE.snowflakeUser]: SNOWFLAKE_PASSWORD },
  });
  const closeAll = () =>
    Promise.all([hubspot.close(), salesforce.close(), bigquery.close(), snowflake.close()]);
  try {
    const asOf = options.asOf ?? DEFAULT_AS_OF;
    const hubspotSeed = seedHubspotFromDemo(hubspot, {
      contacts: options.contacts,
      seed: options.seed,
      asOf,
    });
    const salesforceSeed = seedSalesforceFromDemo(salesforce.state, {
      contacts: options.contacts,
      seed: options.seed,
      asOf,
    });
    const credentials = salesforce.credentials();
    mkdirSync(options.dir, { recursive: true });
    const configFile = path.join(options.dir, 'scorebridge.yaml');
    writeFileSync(
      configFile,
      sandboxConfigYaml({
        hubspotUrl: hubspot.url,
        salesforceUrl: salesforce.url,
        salesforceClientId: credentials.clientId,
        productConfigDir: PRODUCT_CONFIG_DIR,
        bigqueryUrl: bigquery.url,
        snowflakeUrl: snowflake.url,
      }),
    );
    return {
      configFile,
      asOf,
      hubspotUrl: hubspot.url,
      salesforceUrl: salesforce.url,
      salesforceClientId: credentials.clientId,
      bigqueryUrl: bigquery.url,
      snowflakeUrl: snowflake.url,
      env: {
        [SANDBOX_ENV.hubspotToken]: DEFAULT_EMULATOR_TOKEN,
        [SANDBOX_ENV.salesforceSecret]: credentials.clientSecret,
        [SANDBOX_ENV.salesforceRefreshToken]: credentials.refreshToken,
        [SANDBOX_ENV.snowflakePassword]: SNOWFLAKE_PASSWORD,
      },
      seeded: { hubspotContacts: hubspotSeed.contacts, salesforceRecords: { ...salesforceSeed.counts } },
      emulators: { hubspot, salesforce, bigquery, snowflake },
      async close() {
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

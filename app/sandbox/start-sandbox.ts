import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_EMULATOR_TOKEN,
  seedHubspotFromDemo,
  startHubspotEmulator,
} from '../../emulators/hubspot/index.ts';
import { seedSalesforceFromDemo, startSalesforceEmulator } from '../../emulators/salesforce/index.ts';
import { SANDBOX_ENV, sandboxConfigYaml } from './sandbox-config.ts';

const PRODUCT_CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url));

export interface SandboxOptions {
  readonly dir: string;
  readonly contacts: number;
  readonly seed: number;
  readonly hubspotPort: number;
  readonly salesforcePort: number;
}

export interface Sandbox {
  readonly configFile: string;
  readonly hubspotUrl: string;
  readonly salesforceUrl: string;
  readonly salesforceClientId: string;
  /** Environment the config's ${VAR} references need. */
  readonly env: Readonly<Record<string, string>>;
  readonly seeded: { readonly hubspotContacts: number; readonly salesforceRecords: Record<string, number> };
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
  try {
    const hubspotSeed = seedHubspotFromDemo(hubspot, { contacts: options.contacts, seed: options.seed });
    const salesforceSeed = seedSalesforceFromDemo(salesforce.state, {
      contacts: options.contacts,
      seed: options.seed,
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
      }),
    );
    return {
      configFile,
      hubspotUrl: hubspot.url,
      salesforceUrl: salesforce.url,
      salesforceClientId: credentials.clientId,
      env: {
        [SANDBOX_ENV.hubspotToken]: DEFAULT_EMULATOR_TOKEN,
        [SANDBOX_ENV.salesforceSecret]: credentials.clientSecret,
        [SANDBOX_ENV.salesforceRefreshToken]: credentials.refreshToken,
      },
      seeded: { hubspotContacts: hubspotSeed.contacts, salesforceRecords: { ...salesforceSeed.counts } },
      async close() {
        await Promise.all([hubspot.close(), salesforce.close()]);
      },
    };
  } catch (error) {
    await Promise.all([hubspot.close(), salesforce.close()]);
    throw error;
  }
}

import { z } from 'zod';
import { bigqueryConnectorConfigSchema } from './bigquery/config.ts';
import { fileConnectorConfigSchema } from './file/config.ts';
import { hubspotConnectorConfigSchema } from './hubspot/config.ts';
import { salesforceConnectorConfigSchema } from './salesforce/config.ts';
import { snowflakeConnectorConfigSchema } from './snowflake/config.ts';

/**
 * Every connector family's config, statically imported: the config schema (and the JSON Schema
 * editors get) lists exactly what exists, and a typo in `type` fails validation instead of a module
 * lookup. Only the config modules: loading a config must not load every provider's SDK (the
 * factories in registry.ts do that, when a command connects).
 */
export const connectorConfigSchema = z.discriminatedUnion('type', [
  fileConnectorConfigSchema,
  hubspotConnectorConfigSchema,
  salesforceConnectorConfigSchema,
  bigqueryConnectorConfigSchema,
  snowflakeConnectorConfigSchema,
]);
export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;

/** Families that hold score tables: `scorebridge publish` writes to these. */
export function isWarehouse(config: ConnectorConfig): boolean {
  return config.type === 'bigquery' || config.type === 'snowflake';
}

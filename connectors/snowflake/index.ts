import { SnowflakeClient, type SnowflakeConnectionSettings } from './client.ts';
import type { SnowflakeConnectorConfig } from './config.ts';
import { SnowflakeScorePublisher } from './publish/snowflake-publisher.ts';
import { SnowflakeSourceConnector } from './source/snowflake-source.ts';

export {
  columnKey,
  qualifiedName,
  SnowflakeClient,
  type SnowflakeConnectionSettings,
  SnowflakeQueryError,
} from './client.ts';
export {
  type SnowflakeConnectorConfig,
  type SnowflakeStreamConfig,
  snowflakeConnectorConfigSchema,
  snowflakeStreamConfigSchema,
} from './config.ts';
export { ScoreSchemaDriftError } from './publish/schema-check.ts';
export { type SnowflakePublisherOptions, SnowflakeScorePublisher } from './publish/snowflake-publisher.ts';
export { MAX_BATCH_BYTES, MAX_BIND_VALUES } from './publish/staging-batcher.ts';
export { SnowflakeSourceConnector, type SnowflakeSourceOptions } from './source/snowflake-source.ts';

export function connectionSettings(config: SnowflakeConnectorConfig): SnowflakeConnectionSettings {
  return {
    account: config.account,
    username: config.username,
    password: config.password,
    privateKey: config.privateKey,
    privateKeyPassphrase: config.privateKeyPassphrase,
    warehouse: config.warehouse,
    database: config.database,
    schema: config.schema,
    role: config.role,
    accessUrl: config.accessUrl,
  };
}

/** The source side of a `type: snowflake` connector; each read opens and closes its own session. */
export function createSnowflakeSource(
  name: string,
  config: SnowflakeConnectorConfig,
): SnowflakeSourceConnector {
  const settings = connectionSettings(config);
  return new SnowflakeSourceConnector(name, config, { connect: () => SnowflakeClient.connect(settings) });
}

/** The score publisher of a `type: snowflake` connector; one session until close(). */
export function createSnowflakePublisher(
  name: string,
  config: SnowflakeConnectorConfig,
): SnowflakeScorePublisher {
  const settings = connectionSettings(config);
  return new SnowflakeScorePublisher(name, {
    connect: () => SnowflakeClient.connect(settings),
    schema: config.schema,
    tables: config.scores,
  });
}

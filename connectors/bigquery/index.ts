export { type BigQueryClientOptions, type CountedBigQuery, createBigQueryClient } from './client.ts';
export {
  type BigQueryConnectorConfig,
  type BigQueryStreamConfig,
  bigqueryConnectorConfigSchema,
  bigqueryStreamConfigSchema,
} from './config.ts';
export { type BigQueryPublisherOptions, BigQueryScorePublisher } from './publisher.ts';
export { SCORE_FIELDS, type ScoreTableNames } from './score-schema.ts';
export { BigQuerySourceConnector, type BigQuerySourceOptions, createBigQuerySource } from './source.ts';
export { BIGQUERY_REQUEST_LIMIT } from './staging-loader.ts';

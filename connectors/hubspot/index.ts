export { HUBSPOT_API_URL, HubspotApi, type HubspotApiDeps, type HubspotApiOptions } from './api/client.ts';
export { DailyQuotaError } from './api/errors.ts';
export type { ApiMetrics, HubObject } from './api/types.ts';
export {
  type HubspotConnectorConfig,
  type HubspotConnectorConfigInput,
  hubspotConnectorConfigSchema,
  hubspotEngagementTypes,
  hubspotStreamNames,
} from './config.ts';
export type { HubspotDeps } from './deps.ts';
export {
  HubspotDestinationConnector,
  type HubspotDestinationDeps,
} from './destination/hubspot-destination.ts';
export { scoreFieldSpecs, scoreFieldValues } from './destination/score-fields.ts';
export {
  hubspotStateMigrations,
  StoreTaskKeyLog,
  StoreWrittenValues,
} from './destination/store-state.ts';
export {
  MemoryWrittenValues,
  SqliteWrittenValues,
  type WrittenValues,
} from './destination/written-values.ts';
export { type HubspotLimits, type HubspotPlan, hubspotPlans, limitsForPlan } from './plan-limits.ts';
export { HubspotSourceConnector } from './source/hubspot-source.ts';

export { TokenRegistry } from './auth.ts';
export { ApiError } from './errors.ts';
export {
  type FaultAction,
  FaultController,
  type FaultOptions,
  type FaultRule,
  type RecordFault,
} from './faults.ts';
export { ACCESS_TOKEN_LIFETIME_SECONDS, type OAuthAppOptions, OAuthApps } from './oauth.ts';
export type { RateLimitOptions } from './rate-limits.ts';
export { INVALID_VALUE_POLICIES, type InvalidValuePolicy } from './routes/invalid-values.ts';
export { DEFAULT_SEARCH_INDEX_LAG_MS } from './search/index-lag.ts';
export { SEARCH_RESULT_CAP, type SearchLimits } from './search/search.ts';
export { type DemoSeedOptions, type DemoSeedSummary, seedHubspotFromDemo } from './seed/seed-demo.ts';
export {
  DEFAULT_EMULATOR_TOKEN,
  type HubspotEmulator,
  type HubspotEmulatorOptions,
  type ObservedRequest,
  startHubspotEmulator,
} from './server.ts';
export { type CreateOptions, CrmState } from './state/crm-state.ts';
export { readValue } from './state/object-json.ts';
export type { StoredObject } from './state/object-table.ts';
export { engagementTypes, type ObjectType, objectTypeInfo, objectTypes } from './state/object-types.ts';
export { EmulatorStats } from './stats.ts';

export { convertLead, mergeRecords } from './admin-ops.ts';
export type { IngestJob } from './bulk-jobs.ts';
export { OPPORTUNITY_STAGES, type SObjectDef, standardObjects } from './catalog.ts';
export type { FaultAction, FaultRule } from './faults.ts';
export type { FieldDef, SfFieldType } from './field-defs.ts';
export { caseSafeSuffix, IdFactory, toId18 } from './ids.ts';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_REFRESH_TOKEN,
  type SalesforceEmulatorOptions,
  type SalesforceEmulatorSettings,
} from './options.ts';
export { INTEGRATION_PERMISSION_SET, OrgState, type RecordValidator } from './org-state.ts';
export { type CurrencyRatesInput, type DatedRateInput, seedCurrencyRates } from './seed/currencies.ts';
export { type DemoSeedOptions, type DemoSeedSummary, seedSalesforceFromDemo } from './seed/demo.ts';
export { addDemoCustomFields } from './seed/demo-fields.ts';
export {
  type SyntheticSeedOptions,
  type SyntheticSeedSummary,
  seedSalesforceSynthetic,
} from './seed/synthetic.ts';
export { type EmulatorCredentials, type SalesforceEmulator, startSalesforceEmulator } from './server.ts';
export { EmulatorStats } from './stats.ts';
export { type FieldValue, formatDateTime, type Row, type SfRecordError } from './values.ts';

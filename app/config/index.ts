export {
  SCHEMA_FILE,
  SCHEMA_MODELINE,
  scorebridgeJsonSchema,
  scorebridgeJsonSchemaText,
} from './json-schema.ts';
export {
  type ConfigSummary,
  type LoadedConfig,
  type LoadOptions,
  loadConfig,
  type RedactedValue,
  redact,
  summarize,
} from './load.ts';
export { type SafetyConfig, safetySchema } from './safety.ts';
export { cronExpression, isTimeZone, type SchedulesConfig, schedulesSchema, timeZone } from './schedules.ts';
export {
  CONNECTOR_NAME,
  DEFAULT_WORKFLOWS_DIR,
  type ScorebridgeConfig,
  type ScorebridgeConfigInput,
  scorebridgeConfigSchema,
} from './schema.ts';
export {
  DEFAULT_MODELS,
  DEFAULT_TIERS,
  type ModelConfig,
  modelConfigSchema,
  modelEntities,
  modelKinds,
  type ScoringConfig,
  scoringSchema,
  tiersSchema,
} from './scoring.ts';
export { starterConfig } from './starter.ts';
export { DEFAULT_STORE_PATH, type StoreConfig, storeSchema } from './store.ts';

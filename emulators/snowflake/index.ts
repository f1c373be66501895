export { MAX_INLINE_BIND_VALUES, MAX_TEXT_BYTES } from './engine/binds.ts';
export { SnowflakeError } from './errors.ts';
export { MAX_REQUEST_BYTES } from './http-io.ts';
export { type SnowflakeEmulator, type SnowflakeEmulatorOptions, startSnowflakeEmulator } from './server.ts';
export { SNOWFLAKE_ENDPOINTS, SnowflakeEmulatorStats, type SnowflakeEndpoint } from './stats.ts';

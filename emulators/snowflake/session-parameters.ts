/**
 * The session parameters a Snowflake login response carries (`data.parameters`), with the values
 * a new account has. snowflake-sdk copies the ones it knows into its process-wide parameter table
 * (lib/parameters.js, `Parameters.update` in lib/services/sf.js) and ignores the rest, as it does
 * against a real server.
 *
 * CLIENT_STAGE_ARRAY_BINDING_THRESHOLD = 65280 is what Snowflake sends; above that many bind values
 * in one execution the driver uploads the binds to a temporary stage instead of sending them
 * inline ("Binding an array for bulk insertions",
 * https://docs.snowflake.com/en/developer-guide/node-js/nodejs-driver-execute#binding-an-array-for-bulk-insertions;
 * the threshold is the server-driven CLIENT_STAGE_ARRAY_BINDING_THRESHOLD the connectors read,
 * e.g. snowflake-connector-nodejs lib/connection/statement.js `createStatementPreExec`).
 *
 * TIMEZONE is reported as UTC: an account whose TIMEZONE parameter was set to UTC
 * (https://docs.snowflake.com/en/sql-reference/parameters#timezone); the default would be
 * America/Los_Angeles.
 */
export const LOGIN_SESSION_PARAMETERS: ReadonlyArray<{ name: string; value: string | number | boolean }> = [
  { name: 'CLIENT_STAGE_ARRAY_BINDING_THRESHOLD', value: 65_280 },
  { name: 'CLIENT_PREFETCH_THREADS', value: 4 },
  { name: 'CLIENT_RESULT_CHUNK_SIZE', value: 160 },
  { name: 'CLIENT_MEMORY_LIMIT', value: 1536 },
  { name: 'CLIENT_SESSION_KEEP_ALIVE', value: false },
  { name: 'CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY', value: 3600 },
  { name: 'CLIENT_TIMESTAMP_TYPE_MAPPING', value: 'TIMESTAMP_LTZ' },
  { name: 'CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ', value: true },
  { name: 'CLIENT_TELEMETRY_ENABLED', value: true },
  { name: 'CLIENT_RESULT_COLUMN_CASE_INSENSITIVE', value: false },
  { name: 'QUERY_CONTEXT_CACHE_SIZE', value: 5 },
  { name: 'AUTOCOMMIT', value: true },
  { name: 'TIMEZONE', value: 'UTC' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'TIME_OUTPUT_FORMAT', value: 'HH24:MI:SS' },
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'TIMESTAMP_LTZ_OUTPUT_FORMAT', value: '' },
  { name: 'TIMESTAMP_TZ_OUTPUT_FORMAT', value: '' },
  { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' },
];

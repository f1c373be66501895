export { MAX_REQUEST_BYTES } from './http/request.ts';
export { type BigQueryEmulator, type BigQueryEmulatorOptions, startBigQueryEmulator } from './server.ts';
export { BigQueryEmulatorStats } from './stats.ts';

/** Endpoints the emulator serves, named for request counts. */
export const SNOWFLAKE_ENDPOINTS = [
  'login',
  'tokenRequest',
  'heartbeat',
  'logout',
  'telemetry',
  'query',
  'abort',
  'queryResult',
  'queryStatus',
  'chunk',
  'stageStorage',
  'unknown',
] as const;
export type SnowflakeEndpoint = (typeof SNOWFLAKE_ENDPOINTS)[number];

/** Requests per endpoint, plus the rows clients bound, for the benchmark and the fidelity tests. */
export class SnowflakeEmulatorStats {
  readonly requests: Record<SnowflakeEndpoint, number> = Object.fromEntries(
    SNOWFLAKE_ENDPOINTS.map((name) => [name, 0]),
  ) as Record<SnowflakeEndpoint, number>;
  /** Bind values received across all query requests. */
  bindValues = 0;
  /** Largest bind-value count seen in one request. */
  maxBindValuesPerRequest = 0;
  /** Stages created (CREATE STAGE, including the driver's temporary SYSTEM$BIND). */
  stagesCreated = 0;
  /** PUT statements answered with upload instructions. */
  puts = 0;
  /** Files uploaded to stage storage, and their bytes as sent (encrypted). */
  stageFiles = 0;
  stageBytes = 0;
  /** Statements executed with `bindStage`, and the rows they bound from stage files. */
  stageBoundStatements = 0;
  stageBoundRows = 0;

  count(endpoint: SnowflakeEndpoint): void {
    this.requests[endpoint]++;
  }

  countBinds(values: number): void {
    this.bindValues += values;
    this.maxBindValuesPerRequest = Math.max(this.maxBindValuesPerRequest, values);
  }

  countStageUpload(bytes: number): void {
    this.stageFiles++;
    this.stageBytes += bytes;
  }

  countStageBinds(rows: number): void {
    this.stageBoundStatements++;
    this.stageBoundRows += rows;
  }

  total(): number {
    return Object.values(this.requests).reduce((sum, count) => sum + count, 0);
  }

  reset(): void {
    for (const name of SNOWFLAKE_ENDPOINTS) this.requests[name] = 0;
    this.bindValues = 0;
    this.maxBindValuesPerRequest = 0;
    this.stagesCreated = 0;
    this.puts = 0;
    this.stageFiles = 0;
    this.stageBytes = 0;
    this.stageBoundStatements = 0;
    this.stageBoundRows = 0;
  }

  snapshot(): Record<SnowflakeEndpoint, number> & { total: number } {
    return { ...this.requests, total: this.total() };
  }
}

/** Request counters per endpoint, so tests and benchmarks can assert how many calls a client made. */
export class BigQueryEmulatorStats {
  requests = 0;
  byEndpoint: Record<string, number> = {};
  byStatus: Record<string, number> = {};
  /** Bytes of request bodies received, uploads included. */
  bytesReceived = 0;
  rowsLoaded = 0;
  rowsInserted = 0;
  /** Answers that reported a job as still running (jobComplete false, state RUNNING). */
  incompletePolls = 0;

  record(endpoint: string, status: number, bytes: number): void {
    this.requests++;
    this.bytesReceived += bytes;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  count(endpoint: string): number {
    return this.byEndpoint[endpoint] ?? 0;
  }

  reset(): void {
    this.requests = 0;
    this.byEndpoint = {};
    this.byStatus = {};
    this.bytesReceived = 0;
    this.rowsLoaded = 0;
    this.rowsInserted = 0;
    this.incompletePolls = 0;
  }
}

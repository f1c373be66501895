/** Request counters by endpoint and status, for tests and benchmarks to assert API usage. */
export class EmulatorStats {
  requests = 0;
  /** Requests that counted against DailyApiRequests. */
  apiCalls = 0;
  byEndpoint: Record<string, number> = {};
  byStatus: Record<string, number> = {};
  byEndpointStatus: Record<string, Record<string, number>> = {};
  /** Records returned by query pages, written by collections and by bulk jobs. */
  recordsQueried = 0;
  recordsWritten = 0;
  tokenRefreshes = 0;
  /** Requests turned away: concurrency cap, daily quota, injected faults. */
  rejectedConcurrency = 0;
  rejectedQuota = 0;
  injectedFaults = 0;

  recordRequest(endpoint: string): void {
    this.requests++;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
  }

  recordStatus(endpoint: string, status: number): void {
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
    const perEndpoint = this.byEndpointStatus[endpoint] ?? {};
    perEndpoint[key] = (perEndpoint[key] ?? 0) + 1;
    this.byEndpointStatus[endpoint] = perEndpoint;
  }

  count(endpoint: string, status?: number): number {
    if (status === undefined) return this.byEndpoint[endpoint] ?? 0;
    return this.byEndpointStatus[endpoint]?.[String(status)] ?? 0;
  }

  reset(): void {
    this.requests = 0;
    this.apiCalls = 0;
    this.byEndpoint = {};
    this.byStatus = {};
    this.byEndpointStatus = {};
    this.recordsQueried = 0;
    this.recordsWritten = 0;
    this.tokenRefreshes = 0;
    this.rejectedConcurrency = 0;
    this.rejectedQuota = 0;
    this.injectedFaults = 0;
  }
}

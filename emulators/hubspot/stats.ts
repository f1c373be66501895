/**
 * Request counters by endpoint ("POST /crm/v3/objects/contacts/batch/update") and HTTP status, so
 * tests and benchmarks can say how many API calls a job used and how many were rejected.
 * Status 0 means the emulator hung the request until the client gave up or the socket closed.
 */
export class EmulatorStats {
  readonly #counts = new Map<string, Map<number, number>>();
  /** Requests rejected with 429 whose identical retry was rejected again. */
  rejectedTwice = 0;

  record(endpoint: string, status: number): void {
    let byStatus = this.#counts.get(endpoint);
    if (!byStatus) {
      byStatus = new Map();
      this.#counts.set(endpoint, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  }

  /** Requests matching an endpoint filter (exact key, substring, or pattern) and/or a status. */
  count(filter: { endpoint?: string | RegExp; status?: number } = {}): number {
    let total = 0;
    for (const [endpoint, byStatus] of this.#counts) {
      if (!matches(endpoint, filter.endpoint)) continue;
      for (const [status, count] of byStatus)
        if (filter.status === undefined || filter.status === status) total += count;
    }
    return total;
  }

  get total(): number {
    return this.count();
  }

  /** endpoint -> status -> count, for reports. */
  snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [endpoint, byStatus] of [...this.#counts].sort(([a], [b]) => a.localeCompare(b))) {
      out[endpoint] = Object.fromEntries([...byStatus].map(([status, count]) => [String(status), count]));
    }
    return out;
  }

  reset(): void {
    this.#counts.clear();
    this.rejectedTwice = 0;
  }
}

function matches(endpoint: string, filter: string | RegExp | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'string') return endpoint === filter || endpoint.includes(filter);
  return filter.test(endpoint);
}

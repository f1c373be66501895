import { randomUUID } from 'node:crypto';

export type FaultAction =
  /** Answer with this status and JSON body, skipping the real handler; without a body, an HTML error page as HubSpot's edge sends. */
  | { readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
  /** Never answer; the socket is destroyed after `ms` (or when the emulator closes). */
  | { readonly hang: true; readonly ms?: number }
  /** Answer normally, but this much later. */
  | { readonly delayMs: number };

export interface FaultRule {
  /** Which requests the rule applies to: method and endpoint key ("POST /crm/v3/objects/contacts/batch/update"; substring or pattern). */
  readonly match?: { readonly method?: string; readonly endpoint?: string | RegExp };
  /** Let this many matching requests through before the rule fires. */
  readonly skip?: number;
  /** How many matching requests the rule hits (default 1; Infinity for all). */
  readonly times?: number;
  readonly action: FaultAction;
}

export interface FaultOptions {
  /** Probability in [0, 1] that any request fails with a 5xx (seeded). */
  readonly serverErrorRate?: number;
  readonly serverErrorStatus?: number;
  /** Scripted faults, consulted in order before the random 5xx rate. */
  readonly rules?: readonly FaultRule[];
}

/** A per-record failure inside a batch write (answered in a 207), e.g. a record locked by a merge. */
export interface RecordFault {
  readonly category: string;
  readonly message: string;
  /** How many writes of the record fail (default 1). */
  readonly times?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  skipped: number;
  fired: number;
}

/** Scripted and random faults; tests add rules while the emulator runs. */
export class FaultController {
  serverErrorRate: number;
  serverErrorStatus: number;
  readonly #rules: ActiveRule[] = [];
  readonly #random: () => number;
  readonly #recordFaults = new Map<string, { fault: RecordFault; left: number }>();

  constructor(options: FaultOptions, random: () => number) {
    this.serverErrorRate = options.serverErrorRate ?? 0;
    this.serverErrorStatus = options.serverErrorStatus ?? 500;
    this.#random = random;
    for (const rule of options.rules ?? []) this.add(rule);
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule, skipped: 0, fired: 0 });
  }

  clear(): void {
    this.#rules.length = 0;
    this.#recordFaults.clear();
    this.serverErrorRate = 0;
  }

  /** The next batch writes of record `id` fail with this error instead of being applied. */
  failRecord(id: string, fault: RecordFault): void {
    this.#recordFaults.set(id, { fault, left: fault.times ?? 1 });
  }

  takeRecordFault(id: string): RecordFault | null {
    const entry = this.#recordFaults.get(id);
    if (!entry) return null;
    entry.left--;
    if (entry.left <= 0) this.#recordFaults.delete(id);
    return entry.fault;
  }

  /** The fault for this request, if any. */
  next(method: string, endpoint: string): FaultAction | null {
    for (const active of this.#rules) {
      const { rule } = active;
      if (!applies(rule, method, endpoint)) continue;
      if (active.skipped < (rule.skip ?? 0)) {
        active.skipped++;
        continue;
      }
      if (active.fired >= (rule.times ?? 1)) continue;
      active.fired++;
      return rule.action;
    }
    if (this.serverErrorRate > 0 && this.#random() < this.serverErrorRate) {
      return {
        status: this.serverErrorStatus,
        body: {
          status: 'error',
          message: 'internal error',
          correlationId: randomUUID(),
          category: 'INTERNAL_ERROR',
        },
      };
    }
    return null;
  }
}

function applies(rule: FaultRule, method: string, endpoint: string): boolean {
  const match = rule.match;
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.endpoint === undefined) return true;
  return typeof match.endpoint === 'string'
    ? endpoint.includes(match.endpoint)
    : match.endpoint.test(endpoint);
}

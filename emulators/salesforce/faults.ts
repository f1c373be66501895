import { z } from 'zod';

/** What an injected fault does to the request it hits. */
export const faultActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    errorCode: z.string().optional(),
    message: z.string().optional(),
  }),
  /** Holds the request, then drops the connection without answering (a gateway timeout). */
  z.strictObject({ kind: z.literal('timeout'), hangMs: z.number().int().min(0).default(1000) }),
  /** Ends every session before the request is checked, so it gets 401 INVALID_SESSION_ID. */
  z.strictObject({ kind: z.literal('expire-session') }),
  /** Spends the rest of the daily allowance, so it gets 403 REQUEST_LIMIT_EXCEEDED. */
  z.strictObject({ kind: z.literal('exhaust-quota') }),
  z.strictObject({ kind: z.literal('latency'), ms: z.number().int().min(0) }),
]);
export type FaultAction = z.infer<typeof faultActionSchema>;

export const faultRuleSchema = z.strictObject({
  /** Endpoint key (as counted in stats, e.g. "queryMore", "composite.update"); any endpoint when absent. */
  endpoint: z.string().optional(),
  method: z.enum(['GET', 'POST', 'PATCH', 'PUT', 'DELETE']).optional(),
  /** Let this many matching requests through before firing. */
  after: z.number().int().min(0).default(0),
  /** How many times to fire; absent = once. */
  times: z.number().int().min(1).optional(),
  /** Fire on each matching request with this probability (seeded) instead of counting. */
  probability: z.number().min(0).max(1).optional(),
  action: faultActionSchema,
});
export type FaultRule = z.input<typeof faultRuleSchema>;
type ParsedRule = z.output<typeof faultRuleSchema>;

/** Deterministic PRNG (mulberry32) so probabilistic faults repeat for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The active fault rules and how often each has matched and fired. */
export class FaultPlan {
  readonly #rules: { rule: ParsedRule; seen: number; fired: number }[] = [];
  readonly #random: () => number;

  constructor(rules: readonly FaultRule[], seed: number) {
    this.#random = seededRandom(seed);
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    this.#rules.push({ rule: faultRuleSchema.parse(rule), seen: 0, fired: 0 });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The first rule that fires for this request, if any. */
  pick(endpoint: string, method: string): FaultAction | undefined {
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (rule.endpoint !== undefined && rule.endpoint !== endpoint) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      entry.seen++;
      if (entry.seen <= rule.after) continue;
      if (rule.probability !== undefined) {
        if (this.#random() < rule.probability) return rule.action;
        continue;
      }
      if (entry.fired >= (rule.times ?? 1)) continue;
      entry.fired++;
      return rule.action;
    }
    return undefined;
  }
}

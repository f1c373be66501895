import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server; a registry per server so tests and processes never share counters. */
export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'route' | 'method' | 'status'>;
  readonly scoresComputed: Counter<'model'>;
  /** Webhook deliveries by source (hubspot, salesforce) and outcome (accepted, rejected, replayed). */
  webhooksReceived(labels: { source: string; outcome: string }): void;
  readonly unsubscribes: Counter<'outcome'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'scorebridge_' });
  const httpDuration = new Histogram({
    name: 'scorebridge_http_request_duration_seconds',
    help: 'HTTP request duration by route template, method and status code.',
    labelNames: ['route', 'method', 'status'] as const,
    // Scoring answers in milliseconds: the buckets resolve 0.5 ms .. 2.5 s.
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const scoresComputed = new Counter({
    name: 'scorebridge_scores_computed_total',
    help: 'Scores computed by the real-time API, by model.',
    labelNames: ['model'] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'scorebridge_webhooks_received_total',
    help: 'CRM webhook deliveries by source and outcome.',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const unsubscribes = new Counter({
    name: 'scorebridge_unsubscribes_total',
    help: 'One-click unsubscribe requests by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  return {
    registry,
    httpDuration,
    scoresComputed,
    webhooksReceived: (labels) => webhooks.inc(labels),
    unsubscribes,
  };
}

import http from 'node:http';

/**
 * An open-loop load generator at a constant rate (as wrk2 does): request i is due at start +
 * i / rate, whatever happened to the ones before, and its latency counts from when it was due, so
 * time spent waiting for a free connection is counted (no coordinated omission). autocannon's
 * rate mode was not used for this: it releases each connection's allowance at once every
 * second, so 200 connections send in bursts of up to 200 and a burst measures its own queue.
 */
export interface ConstantRateSpec {
  readonly url: string;
  readonly connections: number;
  readonly rate: number;
  readonly seconds: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body of request i. */
  readonly body: (i: number) => string;
}

export interface ConstantRateResult {
  readonly latency: { p50: number; p97_5: number; p99: number; average: number; max: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly total: number;
  readonly seconds: number;
}

const TIMEOUT_MS = 10_000;

export async function constantRate(spec: ConstantRateSpec): Promise<ConstantRateResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  const count = Math.round(spec.rate * spec.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const started = performance.now();
  const send = (i: number, due: number) =>
    new Promise<void>((done) => {
      const body = spec.body(i);
      const request = http.request(
        {
          agent,
          method: 'POST',
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          headers: { ...spec.headers, 'content-length': Buffer.byteLength(body) },
          timeout: TIMEOUT_MS,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === undefined || response.statusCode >= 300) non2xx++;
            latencies.push(performance.now() - due);
            done();
          });
        },
      );
      let timedOut = false;
      request.on('timeout', () => {
        timedOut = true;
        timeouts++;
        request.destroy();
      });
      request.on('error', () => {
        if (!timedOut) errors++;
        done();
      });
      request.end(body);
    });
  const inFlight: Promise<void>[] = [];
  let next = 0;
  await new Promise<void>((finished) => {
    const tick = () => {
      const now = performance.now();
      while (next < count && started + (next * 1000) / spec.rate <= now) {
        inFlight.push(send(next, started + (next * 1000) / spec.rate));
        next++;
      }
      if (next < count) setTimeout(tick, 1);
      else finished();
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  const average = latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length);
  return {
    latency: {
      p50: at(0.5),
      p97_5: at(0.975),
      p99: at(0.99),
      average,
      max: Math.round(latencies.at(-1) ?? 0),
    },
    non2xx,
    errors,
    timeouts,
    total: latencies.length,
    seconds,
  };
}

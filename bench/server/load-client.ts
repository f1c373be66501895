import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { constantRate } from './constant-rate.ts';

/**
 * The load generator, run in its own process (forked by score-load.ts) so it never shares the
 * server's event loop. Input on argv as JSON; the contact ids come from a file, one a line (a
 * command line cannot carry 100,000 of them), and are asked in file order, each once per pass.
 * The autocannon result goes back over IPC.
 */
interface LoadSpec {
  readonly url: string;
  readonly key: string;
  readonly idsFile: string;
  readonly asOf: string;
  readonly connections: number;
  readonly seconds: number;
  /** Stop after this many requests even before `seconds` (e.g. the number of ids: none asked twice). */
  readonly maxRequests?: number;
  /** Index of the first id asked (phases of one run ask different contacts). */
  readonly startAt?: number;
  /** Requests per second from all connections together, evenly spaced (see constant-rate.ts). */
  readonly overallRate?: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const ids = readFileSync(spec.idsFile, 'utf8').split('\n').filter(Boolean);
if (ids.length === 0) throw new Error(`${spec.idsFile}: no ids (one contact id a line)`);
let next = spec.startAt ?? 0;
const bodyOf = () => {
  const id = ids[next++ % ids.length]!;
  return JSON.stringify({ entity: { type: 'contact', id }, asOf: spec.asOf });
};
const headers = { authorization: `Bearer ${spec.key}`, 'content-type': 'application/json' };
if (spec.overallRate !== undefined) {
  const result = await constantRate({
    url: `${spec.url}/v1/score`,
    connections: spec.connections,
    rate: spec.overallRate,
    seconds: spec.seconds,
    headers,
    body: bodyOf,
  });
  process.send?.(result);
} else {
  const result = await autocannon({
    url: `${spec.url}/v1/score`,
    connections: spec.connections,
    duration: spec.seconds,
    ...(spec.maxRequests === undefined ? {} : { maxOverallRequests: spec.maxRequests }),
    method: 'POST',
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: bodyOf() }) }],
  });
  process.send?.({
    latency: result.latency,
    requests: result.requests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    total: result.requests.total,
    seconds: result.duration,
  });
}

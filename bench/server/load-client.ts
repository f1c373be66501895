import autocannon from 'autocannon';

/**
 * The load generator, run in its own process (forked by score-load.ts) so it never shares the
 * server's event loop. Input on argv as JSON; the autocannon result goes back over IPC.
 */
interface LoadSpec {
  readonly url: string;
  readonly key: string;
  readonly ids: readonly string[];
  readonly asOf: string;
  readonly connections: number;
  readonly seconds: number;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
let next = 0;
const result = await autocannon({
  url: `${spec.url}/v1/score`,
  connections: spec.connections,
  duration: spec.seconds,
  method: 'POST',
  headers: { authorization: `Bearer ${spec.key}`, 'content-type': 'application/json' },
  requests: [
    {
      setupRequest: (request) => {
        const id = spec.ids[next++ % spec.ids.length]!;
        return { ...request, body: JSON.stringify({ entity: { type: 'contact', id }, asOf: spec.asOf }) };
      },
    },
  ],
});
process.send?.({
  latency: result.latency,
  requests: result.requests,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  total: result.requests.total,
});

import net from 'node:net';

/**
 * An open-loop load generator at a constant rate (as wrk2 does): request i is due at start +
 * i / rate, whatever happened to the ones before, and its latency counts from when it was due, so
 * time spent waiting for a free connection is counted (no coordinated omission). autocannon's
 * rate mode was not used for this: it releases each connection's allowance at once every
 * second, so 200 connections send in bursts of up to 200 and a burst measures its own queue.
 *
 * It speaks just enough HTTP/1.1 over keep-alive sockets (one request in flight per connection,
 * Content-Length or chunked answers) to cost a few microseconds per request: it shares the
 * machine's cores with the server it measures, and node:http's client costs ~0.3 ms a request.
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
const HEADER_END = Buffer.from('\r\n\r\n');

interface Connection {
  socket: net.Socket;
  /** When the request in flight was due; null when the connection is free. */
  due: number | null;
  /** Which request is in flight. */
  request: number;
  received: Buffer;
}

/** Bytes of a complete answer at the start of `data` (status and length), or null while incomplete. */
function completeAnswer(data: Buffer): { status: number; length: number } | null {
  const headerEnd = data.indexOf(HEADER_END);
  if (headerEnd < 0) return null;
  const head = data.toString('latin1', 0, headerEnd).toLowerCase();
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (length) {
    const total = headerEnd + 4 + Number(length[1]);
    return data.length >= total ? { status, length: total } : null;
  }
  if (head.includes('transfer-encoding: chunked')) {
    const end = data.indexOf('\r\n0\r\n\r\n', headerEnd);
    return end >= 0 ? { status, length: end + 7 } : null;
  }
  return { status, length: headerEnd + 4 };
}

export async function constantRate(spec: ConstantRateSpec): Promise<ConstantRateResult> {
  const target = new URL(spec.url);
  const head = [
    `POST ${target.pathname} HTTP/1.1`,
    `Host: ${target.host}`,
    ...Object.entries(spec.headers).map(([name, value]) => `${name}: ${value}`),
  ].join('\r\n');
  const count = Math.round(spec.rate * spec.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let next = 0;
  const waiting: number[] = [];
  const retried = new Set<number>();
  const connections: Connection[] = [];
  let started = 0;
  const dueOf = (i: number) => started + (i * 1000) / spec.rate;

  const send = (connection: Connection, i: number) => {
    const body = spec.body(i);
    connection.due = dueOf(i);
    connection.request = i;
    connection.socket.write(`${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const dispatch = () => {
    for (const connection of connections) {
      if (waiting.length === 0) return;
      if (connection.due === null && !connection.socket.destroyed) send(connection, waiting.shift()!);
    }
  };
  const open = (): Connection => {
    const connection: Connection = {
      socket: net.connect({ host: target.hostname, port: Number(target.port), noDelay: true }),
      due: null,
      request: -1,
      received: Buffer.alloc(0),
    };
    connection.socket.on('data', (chunk: Buffer) => {
      connection.received =
        connection.received.length === 0 ? chunk : Buffer.concat([connection.received, chunk]);
      const answer = completeAnswer(connection.received);
      if (!answer || connection.due === null) return;
      latencies.push(performance.now() - connection.due);
      if (answer.status < 200 || answer.status >= 300) non2xx++;
      connection.received = connection.received.subarray(answer.length);
      connection.due = null;
      dispatch();
    });
    const lost = () => {
      if (connection.due !== null) {
        // The server closed an idle keep-alive connection as the request went out, before any
        // answer: resent on another connection, still timed from when it was due (as HTTP clients
        // retry an idempotent request; scoring by id writes nothing). Anything else is an error.
        if (connection.received.length === 0 && !retried.has(connection.request)) {
          retried.add(connection.request);
          waiting.unshift(connection.request);
        } else errors++;
      }
      connection.due = null;
      replace(connection);
      dispatch();
    };
    connection.socket.on('error', lost);
    connection.socket.on('close', lost);
    return connection;
  };
  const replace = (old: Connection) => {
    const at = connections.indexOf(old);
    if (at < 0 || finished) return;
    old.socket.removeAllListeners();
    old.socket.destroy();
    connections[at] = open();
  };
  let finished = false;
  for (let c = 0; c < spec.connections; c++) connections.push(open());
  await Promise.all(
    connections.map((connection) => new Promise((ready) => connection.socket.once('connect', ready))),
  );

  started = performance.now();
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next < count && dueOf(next) <= now) waiting.push(next++);
      for (const connection of connections) {
        if (connection.due !== null && now - connection.due > TIMEOUT_MS) {
          timeouts++;
          connection.due = null;
          replace(connection);
        }
      }
      dispatch();
      const idle = connections.every((connection) => connection.due === null);
      if (next >= count && waiting.length === 0 && idle) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  finished = true;
  const seconds = (performance.now() - started) / 1000;
  for (const connection of connections) {
    connection.socket.removeAllListeners();
    connection.socket.destroy();
  }
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

/**
 * The thread behind PostgresSyncDatabase: it owns one pg connection, runs each request in order and
 * wakes the waiting caller through the shared flag. Integers come back as numbers (COUNT and
 * BIGINT columns would otherwise be strings), as node:sqlite returns them.
 */
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import { numericTypes } from './pool.ts';

interface Setup {
  readonly url: string;
  readonly port: MessagePort;
  readonly flag: SharedArrayBuffer;
  readonly applicationName: string;
  readonly statementTimeoutMs: number;
}

export type ConnectionRequest =
  | { readonly kind: 'query'; readonly text: string; readonly params: unknown[]; readonly arrays: boolean }
  | { readonly kind: 'exec'; readonly text: string }
  | { readonly kind: 'close' };

export type ConnectionReply =
  | { readonly ok: true; readonly rows: unknown[]; readonly fields: string[]; readonly rowCount: number }
  | {
      readonly ok: false;
      readonly message: string;
      readonly code?: string;
      readonly detail?: string;
      readonly position?: string;
    };

const setup = workerData as Setup;
const flag = new Int32Array(setup.flag);
const client = new pg.Client({
  connectionString: setup.url,
  application_name: setup.applicationName,
  statement_timeout: setup.statementTimeoutMs,
  types: numericTypes,
});
let broken: Error | null = null;
const connected = client.connect().catch((error: Error) => {
  broken = error;
});
client.on('error', (error) => {
  broken = error;
});

let chain: Promise<void> = Promise.resolve();

function reply(message: ConnectionReply): void {
  setup.port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

async function handle(request: ConnectionRequest): Promise<ConnectionReply> {
  await connected;
  if (broken) return { ok: false, message: `cannot reach Postgres: ${broken.message}`, code: 'ECONNECTION' };
  try {
    if (request.kind === 'close') {
      await client.end();
      return { ok: true, rows: [], fields: [], rowCount: 0 };
    }
    if (request.kind === 'exec') {
      await client.query(request.text);
      return { ok: true, rows: [], fields: [], rowCount: 0 };
    }
    const result = await client.query({
      text: request.text,
      values: request.params,
      ...(request.arrays ? { rowMode: 'array' as const } : {}),
    });
    return {
      ok: true,
      rows: result.rows,
      fields: result.fields.map((field) => field.name),
      rowCount: result.rowCount ?? 0,
    };
  } catch (error) {
    const failure = error as Error & { code?: string; detail?: string; position?: string };
    return {
      ok: false,
      message: failure.message,
      ...(failure.code ? { code: failure.code } : {}),
      ...(failure.detail ? { detail: failure.detail } : {}),
      ...(failure.position ? { position: failure.position } : {}),
    };
  }
}

setup.port.on('message', (request: ConnectionRequest) => {
  chain = chain.then(async () => {
    reply(await handle(request));
    if (request.kind === 'close') setup.port.close();
  });
});

import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type {
  DialectAware,
  SqlDatabase,
  SqlParams,
  SqlRow,
  SqlRunResult,
  SqlStatement,
  SqlValue,
} from '../sql/sql-database.ts';
import type { ConnectionReply, ConnectionRequest } from './connection-worker.ts';
import { type TranslatedSql, translateToPostgres, translateTransactionControl } from './translate.ts';

export interface PostgresSyncOptions {
  readonly url: string;
  /** Shown in pg_stat_activity, so an operator sees which scorebridge process holds a connection. */
  readonly applicationName?: string;
  /** Longest a single statement may run before Postgres cancels it. */
  readonly statementTimeoutMs?: number;
}

/** An error Postgres returned, with its SQLSTATE (`code`) so callers can tell a conflict from a bug. */
export class PostgresError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;

  constructor(reply: Extract<ConnectionReply, { ok: false }>, text: string) {
    super(`${reply.message} (in: ${text.replace(/\s+/g, ' ').trim().slice(0, 160)})`);
    this.name = 'PostgresError';
    this.code = reply.code;
    this.detail = reply.detail;
  }
}

/**
 * One Postgres connection with node:sqlite's synchronous API, so the workflow engine, outbox and
 * dashboard modules run unchanged on either store. The connection lives on a worker thread; each
 * call posts the statement and waits on a shared flag for the answer (Atomics.wait), which blocks
 * this thread exactly as a node:sqlite call does. Async callers that need concurrency (the job
 * queue, shared limits) use a pg Pool instead.
 */
export class PostgresSyncDatabase implements SqlDatabase, DialectAware {
  readonly dialect = 'postgres' as const;
  readonly #worker: Worker;
  readonly #port: MessageChannel['port1'];
  readonly #flag: Int32Array;
  readonly #timeoutMs: number;
  readonly #translated = new Map<string, TranslatedSql>();
  #closed = false;
  #inTransaction = false;

  constructor(options: PostgresSyncOptions) {
    const shared = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    const statementTimeoutMs = options.statementTimeoutMs ?? 120_000;
    this.#timeoutMs = statementTimeoutMs + 30_000;
    this.#flag = new Int32Array(shared);
    this.#port = channel.port1;
    this.#worker = new Worker(new URL('./connection-worker.ts', import.meta.url), {
      workerData: {
        url: options.url,
        port: channel.port2,
        flag: shared,
        applicationName: options.applicationName ?? 'scorebridge',
        statementTimeoutMs,
      },
      transferList: [channel.port2],
    });
    // The thread must never keep a finished process alive; close() ends the connection properly.
    this.#worker.unref();
  }

  prepare(sql: string): SqlStatement {
    return new PostgresStatement(this, this.#translate(sql));
  }

  get isOpen(): boolean {
    return !this.#closed;
  }

  get isTransaction(): boolean {
    return this.#inTransaction;
  }

  exec(sql: string): void {
    const transaction = translateTransactionControl(sql);
    const keyword = sql.trim().split(/\s+/)[0]?.toUpperCase();
    try {
      this.request({ kind: 'exec', text: transaction ?? sql }, sql);
    } finally {
      // A failed COMMIT ends the transaction on Postgres as well.
      if (transaction !== null) this.#inTransaction = true;
      else if (
        keyword === 'COMMIT' ||
        keyword === 'END' ||
        (keyword === 'ROLLBACK' && !/\bTO\b/i.test(sql))
      ) {
        this.#inTransaction = false;
      }
    }
  }

  close(): void {
    if (this.#closed) return;
    this.request({ kind: 'close' }, 'close');
    this.#closed = true;
    void this.#worker.terminate();
  }

  /** Sends one request and blocks until the connection thread answers. */
  request(message: ConnectionRequest, label: string): Extract<ConnectionReply, { ok: true }> {
    if (this.#closed) throw new Error('the Postgres connection is closed');
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(message);
    const waited = Atomics.wait(this.#flag, 0, 0, this.#timeoutMs);
    const received = receiveMessageOnPort(this.#port);
    if (received === undefined) {
      throw new Error(
        waited === 'timed-out'
          ? `Postgres did not answer within ${Math.round(this.#timeoutMs / 1000)} s`
          : 'the Postgres connection thread stopped',
      );
    }
    const reply = received.message as ConnectionReply;
    if (!reply.ok) throw new PostgresError(reply, label);
    return reply;
  }

  #translate(sql: string): TranslatedSql {
    let translated = this.#translated.get(sql);
    if (translated === undefined) {
      translated = translateToPostgres(sql);
      this.#translated.set(sql, translated);
    }
    return translated;
  }
}

class PostgresStatement implements SqlStatement {
  readonly #db: PostgresSyncDatabase;
  readonly #sql: TranslatedSql;
  #arrays = false;

  constructor(db: PostgresSyncDatabase, sql: TranslatedSql) {
    this.#db = db;
    this.#sql = sql;
  }

  /** node:sqlite's StatementSync.setReturnArrays: rows as arrays in column order. */
  setReturnArrays(enabled: boolean): void {
    this.#arrays = enabled;
  }

  all(...params: SqlParams): SqlRow[] {
    return this.#query(params).rows;
  }

  get(...params: SqlParams): SqlRow | undefined {
    return this.#query(params).rows[0];
  }

  run(...params: SqlParams): SqlRunResult {
    const changes = this.#query(params).rowCount;
    return {
      changes,
      get lastInsertRowid(): number {
        throw new Error('lastInsertRowid is SQLite only: add RETURNING id and read it with get()');
      },
    };
  }

  iterate(...params: SqlParams): Iterator<SqlRow> & Iterable<SqlRow> {
    return this.#query(params).rows[Symbol.iterator]();
  }

  #query(params: SqlParams): { rows: SqlRow[]; rowCount: number } {
    const values = bind(this.#sql, params);
    const reply = this.#db.request(
      { kind: 'query', text: this.#sql.text, params: values, arrays: this.#arrays },
      this.#sql.text,
    );
    return { rows: reply.rows as SqlRow[], rowCount: reply.rowCount };
  }
}

function bind(sql: TranslatedSql, params: SqlParams): unknown[] {
  const first = params[0];
  const named =
    params.length === 1 &&
    first !== null &&
    typeof first === 'object' &&
    !(first instanceof Uint8Array) &&
    sql.names.some((name) => name !== null);
  if (!named) return (params as SqlValue[]).map(toWire);
  const values = first as Record<string, SqlValue>;
  return sql.names.map((name) => {
    if (name === null) throw new Error('a statement cannot mix ? and named parameters');
    for (const key of [name, `:${name}`, `$${name}`, `@${name}`]) {
      if (key in values) return toWire(values[key] as SqlValue);
    }
    throw new Error(`missing value for named parameter ${name}`);
  });
}

function toWire(value: SqlValue): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
  return value;
}

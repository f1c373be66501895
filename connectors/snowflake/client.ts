import type { Readable } from 'node:stream';
import type { Secret } from '../../core/secret.ts';
import { type Bind, type Connection, type ConnectionOptions, snowflake } from './driver.ts';

export interface SnowflakeConnectionSettings {
  readonly account: string;
  readonly username: string;
  readonly password?: Secret | undefined;
  readonly privateKey?: Secret | undefined;
  readonly privateKeyPassphrase?: Secret | undefined;
  readonly warehouse?: string | undefined;
  readonly database: string;
  readonly schema: string;
  readonly role?: string | undefined;
  /** Full URL of the service, e.g. the emulator's http://127.0.0.1:PORT; default is the account URL. */
  readonly accessUrl?: string | undefined;
}

export type Row = Record<string, unknown>;
export type Binds = readonly Bind[] | readonly (readonly Bind[])[];

/** A driver error with the Snowflake code and SQLSTATE kept, and the statement that failed named. */
export class SnowflakeQueryError extends Error {
  readonly code: string | undefined;
  readonly sqlState: string | undefined;
  constructor(message: string, code: string | undefined, sqlState: string | undefined) {
    super(message);
    this.code = code;
    this.sqlState = sqlState;
  }
}

function describeFailure(error: unknown, sql: string): SnowflakeQueryError {
  const details = error as { message?: string; code?: string | number; sqlState?: string };
  const first = sql.trim().split('\n')[0]!.slice(0, 120);
  const code = details.code === undefined ? undefined : String(details.code);
  return new SnowflakeQueryError(
    `Snowflake ${code ?? 'error'}${details.sqlState ? ` (${details.sqlState})` : ''}: ${details.message ?? String(error)} — in: ${first}`,
    code,
    details.sqlState,
  );
}

/**
 * One snowflake-sdk session. Every call is one query request; `requests` counts them with the
 * login and logout, i.e. the HTTP round trips this client caused (chunk downloads excepted).
 */
export class SnowflakeClient {
  readonly #connection: Connection;
  requests = 0;

  private constructor(connection: Connection) {
    this.#connection = connection;
  }

  static async connect(settings: SnowflakeConnectionSettings): Promise<SnowflakeClient> {
    const options: ConnectionOptions = {
      account: settings.account,
      username: settings.username,
      database: settings.database,
      schema: settings.schema,
      application: 'scorebridge',
      ...(settings.warehouse ? { warehouse: settings.warehouse } : {}),
      ...(settings.role ? { role: settings.role } : {}),
      ...(settings.accessUrl ? { accessUrl: settings.accessUrl } : {}),
      ...(settings.privateKey
        ? {
            authenticator: 'SNOWFLAKE_JWT',
            privateKey: settings.privateKey.reveal(),
            ...(settings.privateKeyPassphrase
              ? { privateKeyPass: settings.privateKeyPassphrase.reveal() }
              : {}),
          }
        : { password: settings.password?.reveal() ?? '' }),
    };
    const connection = snowflake.createConnection(options);
    const client = new SnowflakeClient(connection);
    client.requests++;
    // connectAsync() resolves even when the login is refused; the callback form reports the error.
    await new Promise<void>((resolve, reject) =>
      connection.connect((error) =>
        error
          ? reject(describeFailure(error, `login to account ${settings.account} as ${settings.username}`))
          : resolve(),
      ),
    );
    return client;
  }

  /** Runs one statement and returns its rows (keys are column names as Snowflake reports them). */
  execute(sqlText: string, binds?: Binds): Promise<Row[]> {
    this.requests++;
    return new Promise((resolve, reject) => {
      this.#connection.execute({
        sqlText,
        ...(binds ? { binds: binds as Bind[] } : {}),
        complete: (error, _statement, rows) => {
          if (error) reject(describeFailure(error, sqlText));
          else resolve((rows ?? []) as Row[]);
        },
      });
    });
  }

  /** The result columns of a statement (name and Snowflake type, e.g. text, fixed, timestamp_ntz). */
  columns(sqlText: string): Promise<{ name: string; type: string }[]> {
    this.requests++;
    return new Promise((resolve, reject) => {
      this.#connection.execute({
        sqlText,
        complete: (error, statement) => {
          if (error) reject(describeFailure(error, sqlText));
          else
            resolve(
              (statement.getColumns() ?? []).map((column) => ({
                name: column.getName(),
                type: column.getType(),
              })),
            );
        },
      });
    });
  }

  /** Streams a query's rows; the driver fetches result chunks as they are consumed, so memory stays flat. */
  async *stream(sqlText: string, binds?: Binds): AsyncGenerator<Row> {
    this.requests++;
    const statement = this.#connection.execute({
      sqlText,
      streamResult: true,
      ...(binds ? { binds: binds as Bind[] } : {}),
    });
    const rows: Readable = statement.streamRows();
    try {
      for await (const row of rows) yield row as Row;
    } catch (error) {
      throw describeFailure(error, sqlText);
    }
  }

  async close(): Promise<void> {
    if (!this.#connection.isUp()) return;
    this.requests++;
    await new Promise<void>((resolve, reject) =>
      this.#connection.destroy((error) => (error ? reject(describeFailure(error, 'logout')) : resolve())),
    );
  }
}

/** Quotes an identifier exactly as written; Snowflake then matches it case-sensitively. */
export function quoteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A column name from config as Snowflake resolves it: plain names fold to upper case, others stay exact. */
export function columnKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(name) ? name.toUpperCase() : name;
}

/** A possibly qualified object name from config (`DB.SCHEMA.TABLE`), each part quoted as given. */
export function qualifiedName(name: string): string {
  return name
    .split('.')
    .map((part) => (/^".*"$/.test(part) ? part : quoteName(part.toUpperCase())))
    .join('.');
}

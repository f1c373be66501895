import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBMaterializedResult,
  type DuckDBValue,
} from '@duckdb/node-api';
import { quoteIdent } from './field-types.ts';

export type Bindings = DuckDBValue[] | Record<string, DuckDBValue>;

/**
 * The embedded DuckDB that stores every project (an attached catalog), dataset (a schema) and
 * table. Calls run one at a time, as BigQuery's own emulators do, so two requests never see a
 * half-applied statement.
 */
export class Engine {
  readonly #connection: DuckDBConnection;
  readonly #instance: DuckDBInstance;
  readonly #projects = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.#instance = instance;
    this.#connection = connection;
  }

  static async create(): Promise<Engine> {
    // Extension auto-install would download from the internet; the emulator must stay offline.
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '2',
    });
    const connection = await instance.connect();
    // TIMESTAMP is UTC in BigQuery; DuckDB would otherwise use the host's zone for casts and DATE().
    await connection.run("SET TimeZone = 'UTC'");
    return new Engine(instance, connection);
  }

  /** Runs `task` after every earlier task has finished. */
  exclusive<T>(task: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => task(this.#connection));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async ensureProject(connection: DuckDBConnection, projectId: string): Promise<void> {
    if (this.#projects.has(projectId)) return;
    await connection.run(`ATTACH ':memory:' AS ${quoteIdent(projectId)}`);
    this.#projects.add(projectId);
  }

  hasProject(projectId: string): boolean {
    return this.#projects.has(projectId);
  }

  static async read(
    connection: DuckDBConnection,
    sql: string,
    bindings?: Bindings,
  ): Promise<DuckDBMaterializedResult> {
    return connection.run(sql, bindings);
  }

  close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}

import { DuckDBInstance } from '@duckdb/node-api';
import { quoteIdentifier } from '../sql/tokens.ts';
import { EngineSession } from './session.ts';

/**
 * The emulator's one DuckDB instance. Snowflake databases are attached in-memory catalogs, schemas
 * are DuckDB schemas, and each Snowflake session gets its own DuckDB connection (so TEMPORARY
 * tables are private to it, as in Snowflake). Statements run one at a time: concurrent writers on
 * the same rows would otherwise hit DuckDB transaction conflicts that Snowflake would queue.
 */
export class SnowflakeEngine {
  readonly #instance: DuckDBInstance;
  readonly #databases = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(instance: DuckDBInstance) {
    this.#instance = instance;
  }

  static async create(): Promise<SnowflakeEngine> {
    // Autoinstall would fetch extensions from the internet; offline, a missing one must fail fast.
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      threads: '2',
      memory_limit: '2GB',
    });
    return new SnowflakeEngine(instance);
  }

  /** Runs `work` after everything queued before it, so statements never interleave. */
  serialize<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  hasDatabase(name: string): boolean {
    return this.#databases.has(name);
  }

  /** Creates the database (with its PUBLIC schema) unless it exists; returns whether it was new. */
  async ensureDatabase(name: string, schema = 'PUBLIC'): Promise<boolean> {
    const connection = await this.#instance.connect();
    try {
      const created = !this.#databases.has(name);
      if (created) {
        await connection.run(`ATTACH ':memory:' AS ${quoteIdentifier(name)}`);
        this.#databases.add(name);
        await connection.run(
          `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(name)}.${quoteIdentifier('PUBLIC')}`,
        );
      }
      await connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(name)}.${quoteIdentifier(schema)}`);
      return created;
    } finally {
      connection.closeSync();
    }
  }

  async openSession(database: string, schema: string): Promise<EngineSession> {
    await this.ensureDatabase(database, schema);
    const connection = await this.#instance.connect();
    const session = new EngineSession(this, connection, database, schema);
    await session.useCurrent();
    return session;
  }

  close(): void {
    this.#instance.closeSync();
  }
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  DOUBLE,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  DuckDBTypeId,
  VARCHAR,
} from '@duckdb/node-api';

export interface DuckDbOptions {
  /** The database file, or ":memory:". */
  readonly path: string;
  /** Worker threads DuckDB may use (default: every core). */
  readonly threads?: number;
  /** DuckDB's memory limit, e.g. "1GB"; spills to a temp folder next to the file beyond it. */
  readonly memoryLimit?: string;
}

/** Values of one result column: numbers (NaN = NULL) or texts. */
export type ColumnValues = Float64Array | (string | null)[];

/** Rows of a result, column by column, a few thousand at a time. */
export interface ColumnBatch {
  readonly rowCount: number;
  readonly names: readonly string[];
  readonly columns: readonly ColumnValues[];
}

/** A column type the engine loads from JS: numbers go in as DOUBLE, texts as VARCHAR. */
export type LoadType = 'number' | 'text';

/** Rows per appended chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;

export class AnalyticsLockedError extends Error {
  constructor(file: string, detail: string) {
    super(
      `the analytics file ${file} is in use by another scorebridge process (${detail}); ` +
        'wait for it to finish (train, score and sync use it one at a time) and run the command again',
    );
    this.name = 'AnalyticsLockedError';
  }
}

function lockDetail(message: string): string | null {
  const match = /Conflicting lock is held in (.*?)(?:\.|$)/.exec(message);
  if (match) return match[1]!.trim();
  return /Could not set lock on file/i.test(message) ? 'lock held' : null;
}

/**
 * DuckDB through @duckdb/node-api: the embedded analytical engine features run on. Extensions are
 * never installed or loaded on demand, so no query reaches the network.
 */
export class DuckDbEngine {
  readonly dialect = 'duckdb' as const;
  readonly file: string;
  readonly #instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly #memoryLimit: string | undefined;

  private constructor(
    file: string,
    instance: DuckDBInstance,
    connection: DuckDBConnection,
    memoryLimit: string | undefined,
  ) {
    this.file = file;
    this.#instance = instance;
    this.connection = connection;
    this.#memoryLimit = memoryLimit;
  }

  /** DuckDB's own out-of-memory text names its settings, not ours: say which config key to raise. */
  #explained(error: unknown): unknown {
    const message = error instanceof Error ? error.message : String(error);
    if (!/out of memory/i.test(message)) return error;
    return new AnalyticsMemoryError(this.#memoryLimit, message);
  }

  static async open(options: DuckDbOptions): Promise<DuckDbEngine> {
    const settings: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      // Feature rows are keyed, never read in insertion order; letting DuckDB reorder saves memory.
      preserve_insertion_order: 'false',
    };
    if (options.threads) settings.threads = String(options.threads);
    if (options.memoryLimit) settings.memory_limit = options.memoryLimit;
    if (options.path !== ':memory:') {
      mkdirSync(path.dirname(options.path), { recursive: true });
      settings.temp_directory = `${options.path}.tmp`;
    }
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(options.path, settings);
    } catch (error) {
      const detail = lockDetail((error as Error).message);
      if (detail !== null) throw new AnalyticsLockedError(options.path, detail);
      throw error;
    }
    const connection = await instance.connect();
    return new DuckDbEngine(options.path, instance, connection, options.memoryLimit);
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.connection.run(sql);
    } catch (error) {
      throw this.#explained(error);
    }
  }

  /** Every row as a plain object (small results: metadata, summaries). */
  async rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
    try {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJS() as T[];
    } catch (error) {
      throw this.#explained(error);
    }
  }

  /**
   * Streams a result column by column: numeric columns (any number type) as Float64Array with NaN
   * for NULL, every other type as text. Memory is bounded by one chunk, not by the result.
   */
  async *columns(sql: string): AsyncIterable<ColumnBatch> {
    let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
    try {
      result = await this.connection.stream(sql);
    } catch (error) {
      throw this.#explained(error);
    }
    const names = result.columnNames();
    const numeric = result.columnTypes().map((type) => isNumeric(type));
    for (;;) {
      let chunk: Awaited<ReturnType<typeof result.fetchChunk>>;
      try {
        chunk = await result.fetchChunk();
      } catch (error) {
        throw this.#explained(error);
      }
      if (!chunk || chunk.rowCount === 0) return;
      const rowCount = chunk.rowCount;
      const columns = numeric.map((isNumber, c): ColumnValues => {
        const vector = chunk.getColumnVector(c);
        if (isNumber) {
          const out = new Float64Array(rowCount);
          for (let i = 0; i < rowCount; i++) {
            const value = vector.getItem(i);
            out[i] = value === null ? Number.NaN : Number(value);
          }
          return out;
        }
        const out = new Array<string | null>(rowCount);
        for (let i = 0; i < rowCount; i++) {
          const value = vector.getItem(i);
          out[i] = value === null ? null : String(value);
        }
        return out;
      });
      yield { rowCount, names, columns };
    }
  }

  /**
   * Appends rows to a table through the appender, 2,048 rows a chunk, writing each value straight
   * into the chunk's typed vector. `rows` yields arrays of values in the table's column order
   * (numbers for DOUBLE, texts for VARCHAR, null for NULL).
   */
  async append(
    table: string,
    types: readonly LoadType[],
    rows: Iterable<readonly unknown[]>,
  ): Promise<number> {
    const duckTypes: DuckDBType[] = types.map((t) => (t === 'number' ? DOUBLE : VARCHAR));
    const appender = await this.connection.createAppender(table);
    const width = types.length;
    // SQLite columns are loosely typed; each value goes in as exactly its column's type.
    const convert = types.map((t) => (t === 'number' ? asDouble : asText));
    let chunk = DuckDBDataChunk.create(duckTypes, CHUNK_ROWS);
    let vectors = duckTypes.map((_, c) => chunk.getColumnVector(c));
    let filled = 0;
    let count = 0;
    const flush = () => {
      if (filled === 0) return;
      chunk.rowCount = filled;
      for (const vector of vectors) vector.flush();
      appender.appendDataChunk(chunk);
      chunk = DuckDBDataChunk.create(duckTypes, CHUNK_ROWS);
      vectors = duckTypes.map((_, c) => chunk.getColumnVector(c));
      filled = 0;
    };
    try {
      for (const row of rows) {
        for (let c = 0; c < width; c++) vectors[c]!.setItem(filled, convert[c]!(row[c]) as never);
        filled++;
        count++;
        if (filled === CHUNK_ROWS) flush();
      }
      flush();
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return count;
  }

  close(): void {
    this.connection.closeSync();
    this.#instance.closeSync();
  }
}

/** DuckDB ran out of the memory budget the config gives it. */
export class AnalyticsMemoryError extends Error {
  constructor(limit: string | undefined, duckdbMessage: string) {
    super(
      `The analytical engine ran out of memory (store.analytics.memoryLimit is ${limit ?? "DuckDB's default, 80% of RAM"}). ` +
        'Raise store.analytics.memoryLimit in scorebridge.yaml (1-2GB suits millions of events; beyond it DuckDB ' +
        `spills to disk where it can) and run the command again. DuckDB said: ${duckdbMessage.split('\n')[0]}`,
    );
    this.name = 'AnalyticsMemoryError';
  }
}

function asDouble(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isNaN(number) ? null : number;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : String(value);
}

const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.BOOLEAN,
]);

function isNumeric(type: DuckDBType): boolean {
  return NUMERIC.has(type.typeId);
}

import type { StatementResult } from './engine/session.ts';
import type { SnowflakeError } from './errors.ts';

export interface ResultShape {
  /** Rows returned inline in the first response; the rest go to chunks. */
  readonly inlineRows: number;
  readonly chunkRows: number;
}

interface StoredQuery {
  readonly sessionToken: string;
  readonly result: StatementResult | null;
  readonly error: SnowflakeError | null;
  pendingPolls: number;
}

/** Per-session cap on remembered results (for chunk downloads and result-by-id). */
const RESULTS_PER_SESSION = 16;

/** Finished queries, kept so chunks, async status and result-by-id calls can be served. */
export class QueryResults {
  readonly #queries = new Map<string, StoredQuery>();
  readonly #bySession = new Map<string, string[]>();

  store(queryId: string, query: StoredQuery): void {
    this.#queries.set(queryId, query);
    const ids = this.#bySession.get(query.sessionToken) ?? [];
    ids.push(queryId);
    while (ids.length > RESULTS_PER_SESSION) this.#queries.delete(ids.shift()!);
    this.#bySession.set(query.sessionToken, ids);
  }

  get(queryId: string): StoredQuery | undefined {
    return this.#queries.get(queryId);
  }

  dropSession(token: string): void {
    for (const id of this.#bySession.get(token) ?? []) this.#queries.delete(id);
    this.#bySession.delete(token);
  }
}

/** The `data` of a successful JSON query response, with rows past the inline page split into chunks. */
export function resultData(
  queryId: string,
  result: StatementResult,
  shape: ResultShape,
  chunkUrl: (index: number) => string,
  session: { database: string; schema: string; warehouse: string; role: string },
): Record<string, unknown> {
  const inline = result.rowset.slice(0, shape.inlineRows);
  const chunks: Array<Record<string, unknown>> = [];
  for (
    let start = shape.inlineRows, index = 0;
    start < result.rowset.length;
    start += shape.chunkRows, index++
  ) {
    const rowCount = Math.min(shape.chunkRows, result.rowset.length - start);
    chunks.push({
      url: chunkUrl(index),
      rowCount,
      uncompressedSize: rowCount * 64,
      compressedSize: rowCount * 32,
    });
  }
  return {
    queryId,
    rowtype: result.rowtype,
    rowset: inline,
    total: result.rowset.length,
    returned: result.rowset.length,
    statementTypeId: result.statementTypeId,
    version: 1,
    queryResultFormat: 'json',
    finalDatabaseName: session.database,
    finalSchemaName: session.schema,
    finalWarehouseName: session.warehouse,
    finalRoleName: session.role,
    ...(chunks.length > 0 ? { chunks, chunkHeaders: {} } : {}),
  };
}

/** A chunk body: the chunk's rows as JSON arrays separated by commas, without outer brackets. */
export function chunkBody(result: StatementResult, shape: ResultShape, index: number): string | null {
  const start = shape.inlineRows + index * shape.chunkRows;
  if (index < 0 || start >= result.rowset.length) return null;
  return result.rowset
    .slice(start, start + shape.chunkRows)
    .map((row) => JSON.stringify(row))
    .join(',');
}

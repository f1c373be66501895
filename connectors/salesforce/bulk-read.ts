import {
  type BulkQueryOptions,
  createQueryJob,
  type QueryJobInfo,
  queryResultPages,
  waitForQueryJob,
} from './bulk-query.ts';
import type { SalesforceClient } from './client.ts';
import type { SalesforceRow } from './mapping/index.ts';
import { soqlDateTime } from './soql.ts';

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/**
 * Bulk results are text: each column gets a converter, from the describe result, that turns its
 * cells into what a REST query would have returned (booleans, numbers, empty cell = null).
 */
export function rowReader(
  header: readonly string[],
  types: ReadonlyMap<string, string>,
): (cells: readonly string[]) => SalesforceRow {
  const converters = header.map((name) => {
    const type = types.get(name.toLowerCase());
    if (type === 'boolean') return (cell: string) => cell === 'true';
    if (type && NUMERIC.has(type)) return (cell: string) => (cell === '' ? null : Number(cell));
    return (cell: string) => (cell === '' ? null : cell);
  });
  return (cells) => {
    const row: Record<string, unknown> = {};
    for (let index = 0; index < header.length; index++)
      row[header[index]!] = converters[index]!(cells[index] ?? '');
    return row;
  };
}

/** (SystemModstamp, Id) order, the order REST pages arrive in; result files come in no order. */
function sortByStampThenId(rows: readonly SalesforceRow[]): SalesforceRow[] {
  // Each stamp is parsed once, not once per comparison.
  const keyed = rows.map((row) => ({
    stamp: Date.parse(String(row.SystemModstamp ?? '')),
    id: String(row.Id),
    row,
  }));
  keyed.sort((a, b) => a.stamp - b.stamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((entry) => entry.row);
}

/** How many rows a query over `object` would read (COUNT() through queryAll: deleted rows too). */
export async function countRows(client: SalesforceClient, object: string, condition: string | null) {
  const soql = `SELECT COUNT() FROM ${object}${condition ? ` WHERE ${condition}` : ''}`;
  const result = await client.call('count', (conn) =>
    Promise.resolve(conn.query(soql, { scanAll: true, autoFetch: false })),
  );
  return result.totalSize;
}

async function firstStamp(client: SalesforceClient, object: string, condition: string | null) {
  const soql =
    `SELECT SystemModstamp FROM ${object}${condition ? ` WHERE ${condition}` : ''} ` +
    'ORDER BY SystemModstamp ASC LIMIT 1';
  const result = await client.call('first stamp', (conn) =>
    Promise.resolve(conn.query<{ SystemModstamp: string }>(soql, { scanAll: true, autoFetch: false })),
  );
  const stamp = result.records[0]?.SystemModstamp;
  return stamp ? Date.parse(stamp) : null;
}

/**
 * SystemModstamp windows of about `chunkSize` rows each (assuming rows spread evenly over time):
 * the equivalent of PK chunking for a scan that must end in (SystemModstamp, Id) order. The last
 * window is open-ended, so rows modified while the jobs run are read too.
 */
export function stampWindows(
  first: number,
  end: number,
  windows: number,
): { from: string | null; to: string | null }[] {
  const span = Math.max(0, end - first);
  const bounds: string[] = [];
  for (let index = 1; index < windows; index++) {
    const at = Math.floor((first + (span * index) / windows) / 1000) * 1000;
    const literal = soqlDateTime(new Date(at).toISOString());
    if (bounds[bounds.length - 1] !== literal) bounds.push(literal);
  }
  return [null, ...bounds].map((from, index) => ({ from, to: bounds[index] ?? null }));
}

export interface BulkReadRequest {
  readonly object: string;
  readonly select: readonly string[];
  readonly condition: string | null;
  readonly expectedRows: number;
  readonly chunkSize: number;
  readonly fieldTypes: ReadonlyMap<string, string>;
  readonly options: BulkQueryOptions;
  readonly now: () => number;
  /** Rows per yielded batch (one checkpoint each). */
  readonly batchSize: number;
}

/**
 * Reads a large initial sync through Bulk API 2.0: one query job per SystemModstamp window, all
 * created up front so the org works on them in parallel, then each window's results sorted into
 * (SystemModstamp, Id) order and handed out in batches whose last row is a resumable cursor.
 */
export async function* bulkRows(
  client: SalesforceClient,
  request: BulkReadRequest,
): AsyncGenerator<SalesforceRow[]> {
  const windowCount = Math.max(1, Math.ceil(request.expectedRows / request.chunkSize));
  const first = windowCount > 1 ? await firstStamp(client, request.object, request.condition) : null;
  const windows =
    first === null ? [{ from: null, to: null }] : stampWindows(first, request.now(), windowCount);
  const jobs = windows.map((window) => {
    const parts = [
      request.condition,
      window.from ? `SystemModstamp >= ${window.from}` : null,
      window.to ? `SystemModstamp < ${window.to}` : null,
    ].filter((part): part is string => part !== null);
    const soql = `SELECT ${request.select.join(', ')} FROM ${request.object}${parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : ''}`;
    const job = createQueryJob(client, soql);
    job.catch(() => undefined);
    return job;
  });
  const load = async (pending: Promise<QueryJobInfo>): Promise<SalesforceRow[]> => {
    const job = await pending;
    // One event-loop turn first: sockets the server closed while this process was busy storing
    // rows are noticed and dropped from the pool instead of failing the next request.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await waitForQueryJob(client, job.id, request.options, request.now);
    const rows: SalesforceRow[] = [];
    for await (const page of queryResultPages(client, job.id, request.options)) {
      const read = rowReader(page.header, request.fieldTypes);
      for (const cells of page.rows) rows.push(read(cells));
    }
    return sortByStampThenId(rows);
  };
  // The next window downloads while the current one is stored, so the network overlaps SQLite.
  let next = load(jobs[0]!);
  for (let index = 0; index < jobs.length; index++) {
    const rows = await next;
    if (index + 1 < jobs.length) {
      next = load(jobs[index + 1]!);
      // A caller that stops early leaves the prefetch unawaited; its failure is moot.
      next.catch(() => undefined);
    }
    for (let start = 0; start < rows.length; start += request.batchSize)
      yield rows.slice(start, start + request.batchSize);
  }
}

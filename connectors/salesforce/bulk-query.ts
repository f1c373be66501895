import type { Connection } from 'jsforce';
import { z } from 'zod';
import { ConnectorError } from '../../core/connectors/destination.ts';
import type { SalesforceClient } from './client.ts';
import { parseBulkCsv } from './csv-text.ts';

const jobInfoSchema = z.looseObject({
  id: z.string(),
  state: z.enum(['UploadComplete', 'InProgress', 'Aborted', 'JobComplete', 'Failed']),
  numberRecordsProcessed: z.number().optional(),
  errorMessage: z.string().optional(),
});
export type QueryJobInfo = z.infer<typeof jobInfoSchema>;

export interface BulkQueryOptions {
  readonly pollIntervalMs: number;
  readonly pollTimeoutMs: number;
  /** Records per results page (`maxRecords`). */
  readonly pageRecords: number;
}

/**
 * One event-loop turn before a request that may follow seconds of local work (sorting, storing):
 * the pool first learns of sockets the server closed meanwhile, instead of writing to one.
 */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

type Transport = { httpRequest: (request: unknown, options?: unknown) => PromiseLike<unknown> };

/**
 * A jsforce request that also hands back the response headers. Sforce-Locator travels in a
 * header that `connection.request()` drops, so a transport wrapped around the connection's own
 * one reads it; auth, session refresh and the Sforce-Limit-Info bookkeeping stay jsforce's.
 */
async function requestWithHeaders<T>(
  connection: Connection,
  url: string,
): Promise<{ body: T; headers: Record<string, string> }> {
  const base = (connection as unknown as { _transport: Transport })._transport;
  let headers: Record<string, string> = {};
  const transport: Transport = {
    httpRequest(request, options) {
      const pending = base.httpRequest(request, options);
      pending.then(
        (response) => {
          const { statusCode, headers: received = {} } = response as {
            statusCode?: number;
            headers?: Record<string, string>;
          };
          headers = received;
          // The CSV is parsed here (parseBulkCsv), much faster than jsforce's row-object parser;
          // error answers keep their JSON content type, so jsforce still reads their errorCode.
          if (statusCode !== undefined && statusCode < 300) received['content-type'] = 'text/plain';
        },
        () => undefined,
      );
      return pending;
    },
  };
  const body = (await connection.request<T>({ method: 'GET', url, headers: { Accept: 'text/csv' } }, {
    transport,
  } as object)) as T;
  return { body, headers };
}

/** Opens a Bulk API 2.0 query job (queryAll: deleted and merged rows too). */
export async function createQueryJob(client: SalesforceClient, soql: string): Promise<QueryJobInfo> {
  const info = await client.call('bulk query create', (conn) =>
    conn.request<unknown>({
      method: 'POST',
      url: '/jobs/query',
      body: JSON.stringify({ operation: 'queryAll', query: soql, contentType: 'CSV', lineEnding: 'LF' }),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
    }),
  );
  return jobInfoSchema.parse(info);
}

/** Polls a job until it completes; Failed and Aborted stop the sync with the org's reason. */
export async function waitForQueryJob(
  client: SalesforceClient,
  jobId: string,
  options: BulkQueryOptions,
  now: () => number,
): Promise<QueryJobInfo> {
  const deadline = now() + options.pollTimeoutMs;
  for (;;) {
    await settle();
    const info = jobInfoSchema.parse(
      await client.call('bulk query poll', (conn) => conn.request<unknown>(`/jobs/query/${jobId}`)),
    );
    if (info.state === 'JobComplete') return info;
    if (info.state === 'Failed' || info.state === 'Aborted') {
      throw new ConnectorError(
        `Salesforce Bulk API 2.0 query job ${jobId} ended ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}`,
        { kind: 'permanent' },
      );
    }
    if (now() >= deadline) {
      throw new ConnectorError(
        `Salesforce Bulk API 2.0 query job ${jobId} was still ${info.state} after ${options.pollTimeoutMs} ms ` +
          '(bulkQuery.pollTimeoutMs); the sync resumes from its last checkpoint on the next run',
        { kind: 'transient' },
      );
    }
    await client.pause(options.pollIntervalMs);
  }
}

/**
 * The results of a completed job, page by page (each page is one call). jsforce's own
 * `QueryJobV2.result()` pipes every page into one CSV parser: the parser ends with the first page
 * and the next write fails (ERR_STREAM_WRITE_AFTER_END, jsforce/jsforce#1546), and each page's
 * header row would be read as data. Here each page is requested and parsed on its own, following
 * Sforce-Locator until the string "null" ("Get Results for a Query Job", Bulk API 2.0 guide); the
 * next page is requested while the caller handles the current one.
 */
export async function* queryResultPages(
  client: SalesforceClient,
  jobId: string,
  options: BulkQueryOptions,
): AsyncGenerator<{ header: string[]; rows: string[][] }> {
  const fetchPage = (locator: string | null) =>
    client.call('bulk query results', async (conn) => {
      await settle();
      return requestWithHeaders<unknown>(
        conn,
        `/jobs/query/${jobId}/results?maxRecords=${options.pageRecords}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`,
      );
    });
  let current = fetchPage(null);
  for (;;) {
    const { body, headers } = await current;
    const locator = headers['sforce-locator'];
    const next = locator && locator !== 'null' ? fetchPage(locator) : null;
    next?.catch(() => undefined);
    yield parseBulkCsv(typeof body === 'string' ? body : '');
    if (!next) return;
    current = next;
  }
}

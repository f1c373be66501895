import { randomUUID } from 'node:crypto';
import type { BigQueryApiError } from './errors.ts';
import { notFound } from './errors.ts';
import type { QueryOutcome } from './query-runner.ts';
import { type WireRow, wireRow, wireRowBytes } from './wire-values.ts';

/** BigQuery's cap on one page of query results. */
const PAGE_BYTES = 10 * 1024 * 1024;

export interface JobRecord {
  readonly projectId: string;
  readonly jobId: string;
  readonly location: string;
  readonly configuration: Record<string, unknown>;
  readonly created: number;
  readonly error: BigQueryApiError | null;
  readonly query?: QueryOutcome;
  readonly load?: { outputRows: number; inputFileBytes: number };
  /** Polls still to answer "not done" (see pollJob). */
  pendingPolls: number;
}

/** Every job the emulator ran, so jobs.get and getQueryResults can find them later. */
export class JobStore {
  readonly #jobs = new Map<string, JobRecord>();

  newJobId(): string {
    return `job_${randomUUID().replaceAll('-', '')}`;
  }

  add(job: Omit<JobRecord, 'pendingPolls'>, pendingPolls: number): JobRecord {
    const record: JobRecord = { ...job, pendingPolls };
    this.#jobs.set(`${job.projectId}\u0000${job.jobId}`, record);
    return record;
  }

  has(projectId: string, jobId: string): boolean {
    return this.#jobs.has(`${projectId}\u0000${jobId}`);
  }

  get(projectId: string, jobId: string): JobRecord {
    const job = this.#jobs.get(`${projectId}\u0000${jobId}`);
    if (!job) throw notFound(`Job ${projectId}:${jobId}`);
    return job;
  }
}

export function jobReference(job: JobRecord) {
  return { projectId: job.projectId, jobId: job.jobId, location: job.location };
}

/**
 * One look at a job (the jobs.insert/jobs.query answer, getQueryResults, jobs.get): whether it is
 * done yet. The emulator runs the work at once but reports the job as running for the first
 * `pendingPolls` looks, as BigQuery does for any job that outlasts the call: jobs.query and
 * getQueryResults wait at most `timeoutMs` (default 10 s) and then answer `jobComplete: false`
 * without rows (https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query,
 * https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/getQueryResults), and jobs.get
 * shows `status.state` PENDING or RUNNING until DONE
 * (https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobStatus). Each unfinished answer
 * stands for one such timeout: polls are counted instead of time, so tests stay fast and exact.
 */
export function pollJob(job: JobRecord): boolean {
  if (job.pendingPolls <= 0) return true;
  job.pendingPolls--;
  return false;
}

/** The Job resource (jobs.get / jobs.insert), RUNNING until the job's pending polls are used up. */
export function jobResource(job: JobRecord, done = true): Record<string, unknown> {
  const time = String(job.created);
  if (!done) {
    return {
      kind: 'bigquery#job',
      id: `${job.projectId}:${job.location}.${job.jobId}`,
      jobReference: jobReference(job),
      configuration: job.configuration,
      status: { state: 'RUNNING' },
      statistics: { creationTime: time, startTime: time },
    };
  }
  const statistics: Record<string, unknown> = { creationTime: time, startTime: time, endTime: time };
  if (job.query) {
    statistics.query = {
      statementType: job.query.statementType,
      totalBytesProcessed: '0',
      cacheHit: false,
      ...dmlFields(job.query),
    };
  }
  if (job.load) {
    statistics.load = {
      outputRows: String(job.load.outputRows),
      inputFiles: '1',
      inputFileBytes: String(job.load.inputFileBytes),
      badRecords: '0',
    };
  }
  return {
    kind: 'bigquery#job',
    id: `${job.projectId}:${job.location}.${job.jobId}`,
    jobReference: jobReference(job),
    configuration: job.configuration,
    status: job.error
      ? { state: 'DONE', errorResult: job.error.toErrorProto(), errors: [job.error.toErrorProto()] }
      : { state: 'DONE' },
    statistics,
  };
}

function dmlFields(outcome: QueryOutcome): Record<string, unknown> {
  if (!outcome.dml) return {};
  const { insertedRowCount, updatedRowCount, deletedRowCount } = outcome.dml;
  return {
    numDmlAffectedRows: String(insertedRowCount + updatedRowCount + deletedRowCount),
    dmlStats: {
      insertedRowCount: String(insertedRowCount),
      updatedRowCount: String(updatedRowCount),
      deletedRowCount: String(deletedRowCount),
    },
  };
}

/**
 * One page of a query's result, shaped like jobs.query and getQueryResults responses. The page
 * token is the next row index, as in goccy's emulator; the page ends at `maxResults` rows or
 * near 10 MB, whichever comes first.
 */
/** What jobs.query and getQueryResults answer while the job runs: no schema, rows or totals. */
export function incompletePage(job: JobRecord): Record<string, unknown> {
  return { jobReference: jobReference(job), jobComplete: false };
}

export function resultPage(
  job: JobRecord,
  startIndex: number,
  maxResults: number | undefined,
): Record<string, unknown> {
  const outcome = job.query;
  const rows: WireRow[] = [];
  let bytes = 0;
  let index = startIndex;
  const all = outcome?.rows ?? [];
  const limit = maxResults ?? Number.POSITIVE_INFINITY;
  while (index < all.length && rows.length < limit) {
    const row = wireRow(all[index]!);
    bytes += wireRowBytes(row);
    if (rows.length > 0 && bytes > PAGE_BYTES) break;
    rows.push(row);
    index++;
  }
  const isSelect = outcome?.statementType === 'SELECT';
  return {
    jobReference: jobReference(job),
    jobComplete: true,
    cacheHit: false,
    totalBytesProcessed: '0',
    ...(outcome && (isSelect || outcome.fields.length > 0) ? { schema: { fields: outcome.fields } } : {}),
    ...(isSelect ? { totalRows: String(all.length), rows } : {}),
    ...(index < all.length ? { pageToken: String(index) } : {}),
    ...(outcome ? dmlFields(outcome) : {}),
  };
}

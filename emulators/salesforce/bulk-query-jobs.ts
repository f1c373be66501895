import type { FieldDef } from './field-defs.ts';
import type { OrgState } from './org-state.ts';
import { planQuery } from './soql/evaluate.ts';
import { SoqlError } from './soql/lexer.ts';
import { parseSoql } from './soql/parser.ts';
import { formatDateTime, outputValue, type Row } from './values.ts';

export type QueryJobState = 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

export interface QueryJob {
  readonly id: string;
  readonly operation: 'query' | 'queryAll';
  readonly object: string;
  readonly query: string;
  readonly apiVersion: number;
  readonly createdDate: number;
  state: QueryJobState;
  systemModstamp: number;
  polls: number;
  fields: readonly FieldDef[];
  /** The rows the query matched when the job ran (a snapshot, like the result files a real job writes). */
  rows: readonly Row[];
}

/**
 * Checks what Bulk API 2.0 query refuses at job creation ("Understanding Bulk API 2.0 Query",
 * SOQL Considerations: no GROUP BY, LIMIT, ORDER BY, OFFSET, TYPEOF or aggregate functions such
 * as COUNT()), then opens the job in UploadComplete. The query runs on a later poll.
 */
export function createQueryJob(
  state: OrgState,
  spec: { operation: 'query' | 'queryAll'; query: string; apiVersion: number },
): QueryJob {
  const parsed = parseSoql(spec.query);
  const refused = parsed.count
    ? 'Aggregate functions such as COUNT()'
    : parsed.orderBy.length > 0
      ? 'ORDER BY'
      : parsed.limit !== null
        ? 'LIMIT'
        : parsed.offset !== null
          ? 'OFFSET'
          : null;
  if (refused)
    throw new SoqlError('INVALIDJOB', `InvalidJob : ${refused} is not supported by Bulk API 2.0 query jobs`);
  // Field and object errors are reported at creation, as the real API validates the SOQL up front.
  const plan = planQuery((name) => state.table(name), parsed, spec.operation === 'queryAll');
  const now = state.now();
  const job: QueryJob = {
    id: state.ids.next('750'),
    operation: spec.operation,
    object: plan.table.name,
    query: spec.query,
    apiVersion: spec.apiVersion,
    createdDate: now,
    state: 'UploadComplete',
    systemModstamp: now,
    polls: 0,
    fields: plan.fields,
    rows: [],
  };
  state.queryJobs.set(job.id, job);
  state.bulkQueryJobsCreated++;
  return job;
}

/** One poll: the first ones see the job queued or running; the query runs on the configured poll. */
export function pollQueryJob(state: OrgState, job: QueryJob): void {
  if (job.state !== 'UploadComplete' && job.state !== 'InProgress') return;
  job.polls++;
  if (job.polls < state.queryPollsToComplete) {
    job.state = 'InProgress';
    return;
  }
  const plan = planQuery((name) => state.table(name), parseSoql(job.query), job.operation === 'queryAll');
  job.rows = plan.rows;
  job.fields = plan.fields;
  job.state = 'JobComplete';
  job.systemModstamp = state.now();
}

export function queryJobInfo(state: OrgState, job: QueryJob, detailed: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: state.apiUserId,
    createdDate: formatDateTime(job.createdDate),
    systemModstamp: formatDateTime(job.systemModstamp),
    state: job.state,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: job.apiVersion,
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
  };
  if (!detailed) return base;
  return {
    ...base,
    jobType: 'V2Query',
    numberRecordsProcessed: job.state === 'JobComplete' ? job.rows.length : 0,
    retries: 0,
    totalProcessingTime: 0,
    isPkChunkingSupported: true,
  };
}

function csvCell(value: unknown): string {
  // Bulk API 2.0 result files quote every cell; an empty cell is null.
  if (value === null || value === undefined) return '""';
  const text = String(value);
  return text.includes('"') ? `"${text.replace(/"/g, '""')}"` : `"${text}"`;
}

/**
 * One page of results from `offset`: CSV with its own header row (Bulk API 2.0 result files
 * repeat the header on every page), and the locator of the next page or null on the last one.
 */
export function queryResultsPage(
  job: QueryJob,
  offset: number,
  maxRecords: number,
): { csv: string; count: number; next: number | null } {
  const end = Math.min(job.rows.length, offset + maxRecords);
  const lines = [job.fields.map((def) => csvCell(def.name)).join(',')];
  for (let index = offset; index < end; index++) {
    const row = job.rows[index]!;
    lines.push(job.fields.map((def) => csvCell(outputValue(def, row[def.name]))).join(','));
  }
  return { csv: `${lines.join('\n')}\n`, count: end - offset, next: end < job.rows.length ? end : null };
}

import { parseCsv, toCsv } from './csv.ts';
import { createRecord, deleteRecord, type SaveResult, updateRecord, upsertRecord } from './dml.ts';
import type { OrgState } from './org-state.ts';
import { formatDateTime } from './values.ts';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete';
export type IngestState = 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

/** Salesforce splits ingest data into internal batches of 10,000 records; each counts against DailyBulkApiBatches. */
export const RECORDS_PER_BULK_BATCH = 10_000;

export interface IngestJob {
  readonly id: string;
  readonly object: string;
  readonly operation: IngestOperation;
  readonly externalIdFieldName: string | null;
  readonly apiVersion: number;
  readonly createdDate: number;
  state: IngestState;
  systemModstamp: number;
  csv: string[];
  polls: number;
  errorMessage: string | null;
  processed: number;
  failed: number;
  successfulCsv: string;
  failedCsv: string;
  unprocessedCsv: string;
}

export function createIngestJob(
  state: OrgState,
  spec: {
    object: string;
    operation: IngestOperation;
    externalIdFieldName?: string | null;
    apiVersion: number;
  },
): IngestJob {
  const now = state.now();
  const job: IngestJob = {
    id: state.ids.next('750'),
    object: spec.object,
    operation: spec.operation,
    externalIdFieldName: spec.externalIdFieldName ?? null,
    apiVersion: spec.apiVersion,
    createdDate: now,
    state: 'Open',
    systemModstamp: now,
    csv: [],
    polls: 0,
    errorMessage: null,
    processed: 0,
    failed: 0,
    successfulCsv: '',
    failedCsv: '',
    unprocessedCsv: '',
  };
  state.jobs.set(job.id, job);
  return job;
}

export function jobInfo(state: OrgState, job: IngestJob, detailed: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: job.id,
    operation: job.operation,
    object: job.object,
    createdById: state.apiUserId,
    createdDate: formatDateTime(job.createdDate),
    systemModstamp: formatDateTime(job.systemModstamp),
    state: job.state,
    externalIdFieldName: job.externalIdFieldName,
    concurrencyMode: 'Parallel',
    contentType: 'CSV',
    apiVersion: job.apiVersion,
    contentUrl: `services/data/v${job.apiVersion.toFixed(1)}/jobs/ingest/${job.id}/batches`,
    lineEnding: 'LF',
    columnDelimiter: 'COMMA',
  };
  if (!detailed) return base;
  return {
    ...base,
    jobType: 'V2Ingest',
    numberRecordsProcessed: job.processed,
    numberRecordsFailed: job.failed,
    retries: 0,
    totalProcessingTime: 0,
    apiActiveProcessingTime: 0,
    apexProcessingTime: 0,
    ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
  };
}

function formatErrors(result: SaveResult): string {
  return result.errors.map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')} --`).join(' ');
}

/** Runs a closed job's rows through the same DML as REST writes and builds its result files. */
export function processIngestJob(state: OrgState, job: IngestJob): void {
  const table = state.table(job.object);
  if (!table) {
    job.state = 'Failed';
    job.errorMessage = `InvalidJob : Unable to find object: ${job.object}`;
    return;
  }
  const parts = job.csv.map((text) => parseCsv(text));
  const header = parts[0]?.header ?? [];
  const unknown = header.filter((name) => name.toLowerCase() !== 'id' && !table.field(name));
  if (unknown.length > 0) {
    job.state = 'Failed';
    job.errorMessage = `InvalidBatch : Field name not found : ${unknown[0]}`;
    job.unprocessedCsv = toCsv(
      header,
      parts.flatMap((part) => part.rows),
    );
    return;
  }
  const externalField = job.externalIdFieldName ? table.field(job.externalIdFieldName) : undefined;
  const successful: string[][] = [];
  const failed: string[][] = [];
  for (const part of parts) {
    for (const cells of part.rows) {
      const record = Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']));
      const id = Object.entries(record).find(([name]) => name.toLowerCase() === 'id')?.[1];
      const rest = Object.fromEntries(Object.entries(record).filter(([name]) => name.toLowerCase() !== 'id'));
      let result: SaveResult;
      switch (job.operation) {
        case 'insert':
          result = createRecord(state, table, rest, 'csv');
          break;
        case 'update':
          result = updateRecord(state, table, id, rest, 'csv');
          break;
        case 'upsert':
          result = externalField
            ? upsertRecord(state, table, externalField, rest, 'csv')
            : {
                id: null,
                success: false,
                errors: [{ statusCode: 'INVALID_FIELD', message: 'external id field not found', fields: [] }],
              };
          break;
        case 'delete':
          result = deleteRecord(state, table, id);
          break;
      }
      if (result.success) successful.push([result.id ?? '', String(result.created === true), ...cells]);
      else failed.push([result.id ?? '', formatErrors(result), ...cells]);
    }
  }
  job.processed = successful.length + failed.length;
  state.bulkBatchesUsed += Math.max(1, Math.ceil(job.processed / RECORDS_PER_BULK_BATCH));
  job.failed = failed.length;
  job.successfulCsv = toCsv(['sf__Id', 'sf__Created', ...header], successful);
  job.failedCsv = toCsv(['sf__Id', 'sf__Error', ...header], failed);
  job.unprocessedCsv = toCsv(header, []);
  job.state = 'JobComplete';
  job.systemModstamp = state.now();
  state.stats.recordsWritten += successful.length;
}

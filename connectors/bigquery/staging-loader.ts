import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Table } from '@google-cloud/bigquery';
import type { BigQueryField } from './score-schema.ts';

const gzip = promisify(gzipCallback);

/** BigQuery's API request size limit (10 MB); a multipart upload above it is refused with 413. */
export const BIGQUERY_REQUEST_LIMIT = 10 * 1024 * 1024;
/** Room left for the multipart envelope and the job metadata part. */
const ENVELOPE_BYTES = 64 * 1024;
/** Rows compressed together; small enough that a block never nears a request on its own. */
const BLOCK_ROWS = 5000;

export interface StagingLoaderOptions {
  readonly maxRequestBytes?: number;
  /** gzip the NDJSON (BigQuery load jobs detect gzip), so each request carries ~10x the rows. */
  readonly compress?: boolean;
}

/**
 * Streams NDJSON rows into a staging table through multipart load jobs, each request as full as
 * the request size limit allows. Compressed blocks are concatenated gzip members (a valid gzip
 * stream), so a request is cut between blocks without recompressing anything. Memory holds one
 * request's bytes and one block.
 */
export class StagingLoader {
  readonly #table: Table;
  readonly #fields: readonly BigQueryField[];
  readonly #budget: number;
  readonly #compress: boolean;
  #block: string[] = [];
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #pendingRows = 0;
  #loads = 0;
  #rows = 0;
  #dir: string | null = null;

  constructor(table: Table, fields: readonly BigQueryField[], options: StagingLoaderOptions = {}) {
    this.#table = table;
    this.#fields = fields;
    this.#budget = (options.maxRequestBytes ?? BIGQUERY_REQUEST_LIMIT) - ENVELOPE_BYTES;
    this.#compress = options.compress ?? true;
    if (this.#budget <= 0) throw new Error(`maxRequestBytes must exceed ${ENVELOPE_BYTES} bytes`);
  }

  get loads(): number {
    return this.#loads;
  }

  get rows(): number {
    return this.#rows;
  }

  async add(line: string, entityId: string): Promise<void> {
    if (Buffer.byteLength(line) + 1 > this.#budget) {
      throw new Error(
        `score row for ${entityId} is ${Buffer.byteLength(line)} bytes, above the ${this.#budget}-byte request budget`,
      );
    }
    this.#block.push(line);
    if (this.#block.length >= BLOCK_ROWS) await this.#sealBlock();
  }

  /** Loads whatever is buffered; returns the number of load requests made in total. */
  async finish(): Promise<number> {
    await this.#sealBlock();
    await this.#flush();
    if (this.#dir) await rm(this.#dir, { recursive: true, force: true });
    this.#dir = null;
    return this.#loads;
  }

  async #sealBlock(): Promise<void> {
    const lines = this.#block;
    this.#block = [];
    if (lines.length > 0) await this.#addEncoded(lines);
  }

  async #addEncoded(lines: string[]): Promise<void> {
    const text = `${lines.join('\n')}\n`;
    const bytes = this.#compress ? await gzip(text) : Buffer.from(text);
    if (bytes.length > this.#budget && lines.length > 1) {
      const half = Math.ceil(lines.length / 2);
      await this.#addEncoded(lines.slice(0, half));
      await this.#addEncoded(lines.slice(half));
      return;
    }
    if (this.#pendingBytes + bytes.length > this.#budget) await this.#flush();
    this.#pending.push(bytes);
    this.#pendingBytes += bytes.length;
    this.#pendingRows += lines.length;
  }

  async #flush(): Promise<void> {
    if (this.#pendingRows === 0) return;
    this.#dir ??= await mkdtemp(path.join(tmpdir(), 'scorebridge-bq-'));
    const file = path.join(this.#dir, `part-${this.#loads}.json${this.#compress ? '.gz' : ''}`);
    await writeFile(file, Buffer.concat(this.#pending));
    const [job] = await this.#table.createLoadJob(file, {
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      // The first request replaces what an earlier, interrupted publish left in staging.
      writeDisposition: this.#loads === 0 ? 'WRITE_TRUNCATE' : 'WRITE_APPEND',
      createDisposition: 'CREATE_IF_NEEDED',
      schema: { fields: this.#fields.map(({ name, type, mode }) => ({ name, type, mode })) },
    });
    let error = job.metadata?.status?.errorResult as { message?: string; reason?: string } | undefined;
    if (job.metadata?.status?.state !== 'DONE') {
      // BigQuery answers the upload with a PENDING or RUNNING job (Job.status.state,
      // https://cloud.google.com/bigquery/docs/reference/rest/v2/Job#JobStatus). job.promise() polls
      // jobs.get until DONE and rejects with the job's errorResult, so no further read is needed.
      error = await job.promise().then(
        () => undefined,
        (failure: { message?: string; reason?: string }) => failure,
      );
    }
    await rm(file, { force: true });
    if (error) throw new Error(`load into ${this.#table.id} failed: ${error.message ?? error.reason}`);
    this.#loads++;
    this.#rows += this.#pendingRows;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#pendingRows = 0;
  }
}

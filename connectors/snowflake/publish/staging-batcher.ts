/**
 * Snowflake caps one request at 128 MB; bindings travel as JSON, so quotes in the documents grow
 * them. Keeping the raw documents of one request under 48 MB leaves room for that escaping.
 */
export const MAX_BATCH_BYTES = 48 * 1024 * 1024;
/**
 * Bind values per staging INSERT. Above the server's CLIENT_STAGE_ARRAY_BINDING_THRESHOLD (65,280
 * on Snowflake) snowflake-sdk does not send the values inline: it uploads them as CSV to a
 * temporary stage (CREATE TEMPORARY STAGE once per session, PUT per batch) and the INSERT binds
 * from the stage. Full batches take that path; 100,000 keeps batches few and each upload one file.
 */
export const MAX_BIND_VALUES = 100_000;

/** Collects staged documents into array-bind batches that stay under the bind and payload limits. */
export class StagingBatcher {
  readonly #maxRows: number;
  #rows: string[][] = [];
  #bytes = 0;

  constructor(maxRows: number) {
    this.#maxRows = Math.min(maxRows, MAX_BIND_VALUES);
  }

  /** Adds a document; returns the previous batch when this document does not fit in it. */
  add(document: string): string[][] | null {
    const size = Buffer.byteLength(document);
    const full =
      this.#rows.length >= this.#maxRows || this.#bytes + size > MAX_BATCH_BYTES ? this.drain() : null;
    this.#rows.push([document]);
    this.#bytes += size;
    return full;
  }

  drain(): string[][] | null {
    if (this.#rows.length === 0) return null;
    const batch = this.#rows;
    this.#rows = [];
    this.#bytes = 0;
    return batch;
  }
}

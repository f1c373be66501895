import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGzip, type Gzip, gunzipSync } from 'node:zlib';
import type { ScoreRow } from '../../../core/warehouse/scores-table.ts';
import { recordKey, scoreCsvRecord } from './score-csv.ts';

/**
 * Uncompressed bytes per file. Snowflake sizes load files at 100–250 MB compressed for parallel
 * COPY (https://docs.snowflake.com/en/user-guide/data-load-considerations-prepare#general-file-sizing-recommendations);
 * score CSV compresses about 10:1, so 256 MB of text gives files of roughly that size while a
 * million scores still split into a few files that PUT uploads in parallel.
 */
export const MAX_FILE_TEXT_BYTES = 256 * 1024 * 1024;
/** Records are handed to gzip in chunks of about this size: fewer stream writes, bounded memory. */
const CHUNK_CHARS = 256 * 1024;

export interface ScoreFile {
  readonly path: string;
  readonly name: string;
  readonly rows: number;
  readonly textBytes: number;
}

/**
 * Writes scores as gzip-compressed CSV files in a private folder under the OS temp dir, streaming:
 * memory holds one chunk, whatever the number of scores. `remove()` deletes the folder.
 */
export class ScoreFileWriter {
  readonly folder: string;
  readonly prefix: string;
  readonly files: ScoreFile[] = [];
  #gzip: Gzip | null = null;
  #done: Promise<unknown> | null = null;
  #chunk = '';
  #rows = 0;
  #textBytes = 0;

  private constructor(folder: string, prefix: string) {
    this.folder = folder;
    this.prefix = prefix;
  }

  static async create(): Promise<ScoreFileWriter> {
    const folder = await mkdtemp(path.join(tmpdir(), 'scorebridge-snowflake-'));
    return new ScoreFileWriter(folder, randomUUID());
  }

  get rows(): number {
    return this.files.reduce((sum, file) => sum + file.rows, 0) + this.#rows;
  }

  async add(row: ScoreRow): Promise<void> {
    const record = scoreCsvRecord(row);
    if (this.#gzip === null) this.#open();
    this.#chunk += record;
    this.#rows++;
    this.#textBytes += Buffer.byteLength(record);
    if (this.#chunk.length >= CHUNK_CHARS) await this.#flush();
    if (this.#textBytes >= MAX_FILE_TEXT_BYTES) await this.#close();
  }

  /** Finishes the last file; the files are then complete on disk. */
  async finish(): Promise<readonly ScoreFile[]> {
    await this.#close();
    return this.files;
  }

  /** The key (entity type, entity id, model) of a record of one of the written files. */
  async keyOf(fileName: string, recordNumber: number): Promise<string[] | null> {
    const file = this.files.find((candidate) => candidate.name === path.basename(fileName));
    if (!file) return null;
    return recordKey(gunzipSync(await readFile(file.path)).toString('utf8'), recordNumber);
  }

  async remove(): Promise<void> {
    this.#gzip?.destroy();
    await rm(this.folder, { recursive: true, force: true });
  }

  #open(): void {
    // The folder is private to this publish and the stage path carries the publish id.
    const name = `scores-${String(this.files.length + 1).padStart(4, '0')}.csv.gz`;
    const gzip = createGzip({ level: 6 });
    const out: WriteStream = createWriteStream(path.join(this.folder, name));
    gzip.pipe(out);
    this.#gzip = gzip;
    this.#done = Promise.race([
      once(out, 'close'),
      once(gzip, 'error').then(([error]) => Promise.reject(error)),
      once(out, 'error').then(([error]) => Promise.reject(error)),
    ]);
    // Awaited in #close; marked handled so a disk error before then is not reported twice.
    this.#done.catch(() => undefined);
    this.files.push({ path: path.join(this.folder, name), name, rows: 0, textBytes: 0 });
  }

  async #flush(): Promise<void> {
    const gzip = this.#gzip;
    if (!gzip || this.#chunk === '') return;
    const chunk = this.#chunk;
    this.#chunk = '';
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  }

  async #close(): Promise<void> {
    if (!this.#gzip) return;
    await this.#flush();
    this.#gzip.end();
    await this.#done;
    const last = this.files.length - 1;
    this.files[last] = { ...this.files[last]!, rows: this.#rows, textBytes: this.#textBytes };
    this.#gzip = null;
    this.#done = null;
    this.#rows = 0;
    this.#textBytes = 0;
  }
}

import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { csvLine } from './csv.ts';

export interface WrittenFile {
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

const FLUSH_AT_CHARS = 256 * 1024;

/**
 * A CSV file written as rows arrive: rows are buffered in memory only up to a few hundred KB,
 * and `flush` waits for the disk when the stream pushes back, so memory stays flat however
 * many events are generated. The content hash is computed on the way out.
 */
export class CsvFileSink {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private buffer = '';
  private rowCount = 0;
  private byteCount = 0;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    this.buffer = csvLine(header);
  }

  write(fields: readonly string[]): void {
    this.buffer += csvLine(fields);
    this.rowCount++;
  }

  /** Hands buffered rows to the stream once enough have gathered; waits if the disk is behind. */
  async flush(force = false): Promise<void> {
    if (this.buffer.length === 0 || (!force && this.buffer.length < FLUSH_AT_CHARS)) return;
    const chunk = this.buffer;
    this.buffer = '';
    this.hash.update(chunk, 'utf8');
    this.byteCount += Buffer.byteLength(chunk, 'utf8');
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<WrittenFile> {
    await this.flush(true);
    this.stream.end();
    await once(this.stream, 'finish');
    return { rows: this.rowCount, bytes: this.byteCount, sha256: this.hash.digest('hex') };
  }

  /** Abandons the file (used when generation fails half-way). */
  destroy(): void {
    this.stream.destroy();
  }
}

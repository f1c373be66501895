import { CsvParser, type CsvRecord } from './csv-parser.ts';
import { JsonlParser, type JsonlRecord } from './jsonl-parser.ts';
import { encodedLength, type FileEncoding, INVALID_BYTES_MARK, readTextPieces } from './text-pieces.ts';

/** A record as read from the file: CSV fields or a JSON object (`cells`), or why it could not be read. */
export type ParsedRow = CsvRecord | JsonlRecord;

/** The rows of one read, and where the next read starts: a safe resume point. */
export interface RowChunk {
  readonly rows: readonly ParsedRow[];
  /** Byte offset just past the last row in `rows`. */
  readonly endOffset: number;
  /** Line number of the first row after `rows`. */
  readonly nextLine: number;
}

export interface RowReaderOptions {
  readonly path: string;
  readonly format: 'csv' | 'jsonl';
  readonly delimiter: string;
  readonly encoding: FileEncoding;
  /** Byte offset of the first row to read (0: start of file, header included). */
  readonly startOffset: number;
  /** Line number at `startOffset`. */
  readonly startLine: number;
  readonly chunkBytes?: number;
  /** A quoted CSV field still open after this many characters is reported instead of awaited. */
  readonly maxRecordChars?: number;
}

/** Streams a CSV or JSONL file as chunks of rows, each ending on a record boundary. */
export async function* readRowChunks(options: RowReaderOptions): AsyncGenerator<RowChunk> {
  const pieces = readTextPieces({
    path: options.path,
    encoding: options.encoding,
    start: options.startOffset,
    chunkBytes: options.chunkBytes,
  });
  if (options.format === 'jsonl') {
    const parser = new JsonlParser(options.startLine);
    for await (const piece of pieces) {
      const rows: JsonlRecord[] = [];
      parser.push(piece.text, rows);
      yield {
        rows,
        endOffset: piece.byteEnd,
        nextLine: parser.nextLine,
      };
    }
    return;
  }
  const parser = new CsvParser({
    delimiter: options.delimiter,
    firstLine: options.startLine,
    ...(options.maxRecordChars !== undefined ? { maxRecordChars: options.maxRecordChars } : {}),
  });
  let bytesRead = options.startOffset;
  let resumeAt = { endOffset: options.startOffset, nextLine: options.startLine };
  for await (const piece of pieces) {
    const rows: CsvRecord[] = [];
    parser.push(piece.text, rows);
    bytesRead = piece.byteEnd;
    // Held-back text with invalid bytes does not re-encode to its byte length; resuming from the
    // previous exact point instead only re-reads rows, which upserts and quarantine absorb.
    if (!parser.pending.includes(INVALID_BYTES_MARK)) {
      resumeAt = {
        endOffset: bytesRead - encodedLength(parser.pending, options.encoding),
        nextLine: parser.nextLine,
      };
    }
    yield { rows, ...resumeAt };
  }
  const rows: CsvRecord[] = [];
  parser.finish(rows);
  if (rows.length > 0) yield { rows, endOffset: bytesRead, nextLine: parser.nextLine };
}

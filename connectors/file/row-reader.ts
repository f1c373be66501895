import { CsvParser, type CsvRecord } from './csv-parser.ts';
import { JsonlParser, type JsonlRecord } from './jsonl-parser.ts';
import { encodedLength, type FileEncoding, readTextPieces } from './text-pieces.ts';

/** A record as read from the file: CSV fields or a JSON object (`cells`), or why it could not be read. */
export type ParsedRow = CsvRecord | JsonlRecord;

/** The rows of one read, and where the next read starts: a safe resume point. */
export interface RowChunk {
  readonly rows: readonly ParsedRow[];
  /** Byte offset just past the last row in `rows`. */
  readonly endOffset: number;
  /** Line number of the first row after `rows`. */
  readonly nextLine: number;
  /** The text held U+FFFD: bytes that were not valid in the configured encoding. */
  readonly undecodable: boolean;
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
        undecodable: hasReplacement(piece.text),
      };
    }
    return;
  }
  const parser = new CsvParser({ delimiter: options.delimiter, firstLine: options.startLine });
  let bytesRead = options.startOffset;
  for await (const piece of pieces) {
    const rows: CsvRecord[] = [];
    parser.push(piece.text, rows);
    bytesRead = piece.byteEnd;
    yield {
      rows,
      endOffset: bytesRead - encodedLength(parser.pending, options.encoding),
      nextLine: parser.nextLine,
      undecodable: hasReplacement(piece.text),
    };
  }
  const rows: CsvRecord[] = [];
  parser.finish(rows);
  if (rows.length > 0) yield { rows, endOffset: bytesRead, nextLine: parser.nextLine, undecodable: false };
}

function hasReplacement(text: string): boolean {
  return text.includes('\uFFFD');
}

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

export type FileEncoding = 'utf8' | 'utf-8' | 'latin1' | 'windows-1252';

/** Decoded text that ends on a line boundary, with the byte range it came from. */
export interface TextPiece {
  readonly text: string;
  readonly byteStart: number;
  readonly byteEnd: number;
}

export interface TextPieceOptions {
  readonly path: string;
  readonly encoding: FileEncoding;
  /** Byte offset to start at; 0 means the start of the file, where a UTF-8 byte order mark is skipped. */
  readonly start: number;
  /** Read size; a piece never cuts a line, so it can be longer when a line is. */
  readonly chunkBytes?: number;
  /** A line longer than this means the file is not line-oriented text. */
  readonly maxLineBytes?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/**
 * Stands in for each byte sequence that is not valid UTF-8. A lone low surrogate never comes out of
 * decoding valid UTF-8, so unlike U+FFFD (which a file may legitimately contain) it marks exactly
 * the damaged places, and the row holding one can be quarantined on its own line.
 */
export const INVALID_BYTES_MARK = '\uDFFF';
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const DEFAULT_CHUNK_BYTES = 64 * 1024;
const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Streams a file as decoded text pieces that each end right after a line break (LF, or a CR that is
 * not the last byte read, so a CRLF is never split) or at end of file.
 * Cutting on newline bytes keeps every multi-byte character whole (all supported encodings are
 * ASCII-compatible) and lets a reader turn its position back into an exact byte offset for resuming.
 */
export async function* readTextPieces(options: TextPieceOptions): AsyncGenerator<TextPiece> {
  const start = options.start === 0 ? await byteOrderMarkLength(options.path) : options.start;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decode = decoderFor(options.encoding);
  const stream = createReadStream(options.path, {
    start,
    highWaterMark: options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
  });
  let carry: Buffer | null = null;
  let offset = start;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const lastNewline = lastLineBreak(bytes);
    if (lastNewline === -1) {
      if (bytes.length > maxLineBytes) {
        stream.destroy();
        throw new Error(
          `${options.path}: a line near byte ${offset} is longer than ${maxLineBytes} bytes; is this a CSV/JSONL text file?`,
        );
      }
      carry = bytes;
      continue;
    }
    const end = lastNewline + 1;
    yield { text: decode(bytes, 0, end), byteStart: offset, byteEnd: offset + end };
    offset += end;
    carry = end < bytes.length ? bytes.subarray(end) : null;
  }
  if (carry && carry.length > 0) {
    yield { text: decode(carry, 0, carry.length), byteStart: offset, byteEnd: offset + carry.length };
  }
}

/** Bytes `text` takes in the file's encoding. */
export function encodedLength(text: string, encoding: FileEncoding): number {
  return encoding === 'utf8' || encoding === 'utf-8' ? Buffer.byteLength(text, 'utf8') : text.length;
}

function decoderFor(encoding: FileEncoding): (bytes: Buffer, start: number, end: number) => string {
  if (encoding === 'utf8' || encoding === 'utf-8') return decodeUtf8;
  if (encoding === 'latin1') return (bytes, start, end) => bytes.toString('latin1', start, end);
  const decoder = new TextDecoder(encoding);
  return (bytes, start, end) => decoder.decode(bytes.subarray(start, end));
}

/** Index of the last LF, or of the last CR that is not the final byte (it may be half a CRLF). */
function lastLineBreak(bytes: Buffer): number {
  const lf = bytes.lastIndexOf(NEWLINE);
  const cr = bytes.length >= 2 ? bytes.lastIndexOf(CARRIAGE_RETURN, bytes.length - 2) : -1;
  return Math.max(lf, cr);
}

/**
 * UTF-8 text with INVALID_BYTES_MARK where a byte sequence is not valid UTF-8. The check is one
 * fast pass over the bytes; only a piece that fails it is decoded line by line to find the places.
 */
function decodeUtf8(bytes: Buffer, start: number, end: number): string {
  const slice = bytes.subarray(start, end);
  if (isUtf8(slice)) return slice.toString('utf8');
  let text = '';
  let lineStart = 0;
  for (let index = 0; index <= slice.length; index++) {
    const byte = slice[index];
    if (index < slice.length && byte !== NEWLINE && byte !== CARRIAGE_RETURN) continue;
    const line = slice.subarray(lineStart, index);
    text += isUtf8(line)
      ? line.toString('utf8')
      : line.toString('utf8').replaceAll('\uFFFD', INVALID_BYTES_MARK);
    if (index < slice.length) text += byte === NEWLINE ? '\n' : '\r';
    lineStart = index + 1;
  }
  return text;
}

async function byteOrderMarkLength(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    if (
      bytesRead >= 2 &&
      ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
    ) {
      throw new Error(`${path} is UTF-16 encoded; save it as UTF-8 (or set encoding to latin1/windows-1252)`);
    }
    const hasBom = bytesRead === 3 && UTF8_BOM.every((byte, index) => head[index] === byte);
    return hasBom ? UTF8_BOM.length : 0;
  } finally {
    await handle.close();
  }
}

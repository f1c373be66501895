import { INVALID_BYTES_MARK } from './text-pieces.ts';

/** Largest cell accepted by default: far above any real name or note, far below what hurts memory. */
export const DEFAULT_MAX_FIELD_BYTES = 1024 * 1024;

/** A cell that cannot be stored whatever its column, and why, in words that quote none of it. */
export interface UnsafeCell {
  /** Position of the cell in the row's values. */
  readonly index: number;
  readonly problem: string;
}

/**
 * The first cell that is too large, holds a NUL character or bytes that were not valid UTF-8.
 * One cheap look at the raw row clears almost every row; only a suspicious one is looked at cell
 * by cell. `raw` is the row as read (a JSONL line still has `\u0000` escaped).
 */
export function findUnsafeCell(
  values: readonly unknown[],
  raw: string,
  maxFieldBytes: number,
): UnsafeCell | null {
  // A UTF-16 unit never takes more than 3 bytes in UTF-8, so a short row cannot hold a large cell.
  const maybeLarge = raw.length * 3 > maxFieldBytes;
  if (!maybeLarge && !raw.includes('\0') && !raw.includes(INVALID_BYTES_MARK) && !raw.includes('\\u0000')) {
    return null;
  }
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean')
      continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const problem = cellProblem(text, maxFieldBytes);
    if (problem !== null) return { index, problem };
  }
  return null;
}

function cellProblem(text: string, maxFieldBytes: number): string | null {
  const mark = text.indexOf(INVALID_BYTES_MARK);
  if (mark !== -1) {
    return (
      `holds bytes that are not valid UTF-8 (at character ${mark + 1}); if the file was saved as ` +
      'Latin-1 or Windows-1252, set encoding: windows-1252 on the stream, else fix the bytes in the file'
    );
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return `holds a NUL character (byte 0, at character ${nul + 1}), which is not text; remove it from the file`;
  }
  if (text.length * 3 > maxFieldBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxFieldBytes) {
      return `the value is ${formatBytes(bytes)}, over the ${formatBytes(maxFieldBytes)} limit (maxFieldBytes on the stream or connector)`;
    }
  }
  return null;
}

/**
 * The row as kept in quarantine: undecodable places shown as U+FFFD and NUL as the visible U+2400
 * (many tools cut text at a NUL), an oversized row cut short.
 */
export function quarantinedRaw(raw: string, maxFieldBytes: number): string {
  let shown = raw.includes(INVALID_BYTES_MARK) ? raw.replaceAll(INVALID_BYTES_MARK, '\uFFFD') : raw;
  if (shown.includes('\0')) shown = shown.replaceAll('\0', '\u2400');
  if (shown.length <= maxFieldBytes) return shown;
  return `${shown.slice(0, 1000)}... [cut: the row is ${shown.length.toLocaleString('en-US')} characters]`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trimZero(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${trimZero(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

function trimZero(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}

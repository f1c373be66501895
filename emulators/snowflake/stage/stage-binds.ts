import type { DecodedBinds } from '../engine/binds.ts';
import { SnowflakeError } from '../errors.ts';
import { type CsvFormat, parseCsv } from './csv-records.ts';
import { filesUnder, type Stage } from './stage-store.ts';

export interface StagedRows {
  readonly binds: DecodedBinds;
  readonly rows: number;
  readonly files: number;
}

/**
 * The rows of a stage path, one execution per row, the way Snowflake executes a statement sent
 * with `bindStage` (snowflake-connector-nodejs lib/connection/bind_uploader.js uploads one CSV row
 * per execution, one column per `?`, then sends the statement with `bindStage` instead of
 * `bindings`). Every value arrives as text and is converted to the target column's type, as
 * COPY does with CSV data.
 */
export function stagedRows(stage: Stage, path: string): StagedRows {
  const files = filesUnder(stage, path);
  if (files.length === 0) {
    throw new SnowflakeError(
      '002003',
      '02000',
      `SQL compilation error:\nNo files found in stage ${stage.name}${path ? `/${path}` : ''}; the bind upload did not complete.`,
    );
  }
  const rows: (string | null)[][] = [];
  for (const [name, bytes] of files) {
    let line = 0;
    try {
      parseCsv(bytes.toString('utf8'), stage.format, (fields) => {
        line++;
        const expected = rows[0]?.length ?? fields.length;
        if (fields.length !== expected) throw columnCountMismatch(fields.length, expected, name, line);
        rows.push(fields);
      });
    } catch (error) {
      if (error instanceof SnowflakeError) throw error;
      throw new SnowflakeError(
        '100065',
        '22000',
        `Found character error in file '${name}', line ${line + 1}: ${(error as Error).message}`,
      );
    }
  }
  const columns = rows[0]?.length ?? 0;
  const binds: DecodedBinds = { rows, types: Array.from({ length: columns }, () => 'TEXT'), isArray: true };
  return { binds, rows: rows.length, files: files.length };
}

/** Snowflake's COPY error for a record with the wrong number of fields (ERROR_ON_COLUMN_COUNT_MISMATCH). */
function columnCountMismatch(found: number, expected: number, file: string, line: number): SnowflakeError {
  return new SnowflakeError(
    '100080',
    '22000',
    `Number of columns in file (${found}) does not match that of the corresponding table (${expected}), ` +
      `use file format option error_on_column_count_mismatch=false to ignore this error (file '${file}', line ${line})`,
  );
}

/** One stage file read for COPY: its records and the line each record starts on. */
export interface CopiedFile {
  readonly name: string;
  readonly rows: (string | null)[][];
  readonly lines: number[];
}

/** Reads one file for COPY; a record with another number of fields fails the COPY, naming the line. */
export function stagedFileRows(name: string, bytes: Buffer, format: CsvFormat): CopiedFile {
  const text = bytes.toString('utf8');
  const rows: (string | null)[][] = [];
  const lines: number[] = [];
  let line = 1;
  let counted = 0;
  try {
    parseCsv(text, format, (fields, start) => {
      for (
        let index = text.indexOf('\n', counted);
        index >= 0 && index < start;
        index = text.indexOf('\n', index + 1)
      )
        line++;
      counted = start;
      const expected = rows[0]?.length ?? fields.length;
      if (fields.length !== expected) throw columnCountMismatch(fields.length, expected, name, line);
      rows.push(fields);
      lines.push(line);
    });
  } catch (error) {
    if (error instanceof SnowflakeError) throw error;
    throw new SnowflakeError(
      '100065',
      '22000',
      `Found character error in file '${name}', line ${line}: ${(error as Error).message}`,
    );
  }
  return { name, rows, lines };
}

import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Dataset } from '../learners/types.ts';
import { unknownColumnMessage } from './closest-name.ts';
import { isMissingCell, toTypedColumn } from './column-types.ts';
import { describeNumberFormat, type NumberFormat, NumberFormatSchema } from './number-locale.ts';
import { parseTimeColumn } from './time-values.ts';

export const DEFAULT_MISSING_TOKENS: readonly string[] = ['NA', 'N/A', 'NaN', 'null', 'NULL'];
const POSITIVE_WORDS = /^(1|1\.0+|yes|y|true|t|positive|pos)$/i;

export const CsvLoadOptionsSchema = z.object({
  target: z.string().min(1),
  /** Target value counted as positive; every other value is negative. Auto-detected when absent. */
  positive: z.string().optional(),
  drop: z.array(z.string()).default([]),
  delimiter: z.string().min(1).default(','),
  /** Cells equal to one of these (after trimming) are missing; blank cells always are. */
  missingTokens: z.array(z.string()).default([...DEFAULT_MISSING_TOKENS]),
  /**
   * How numbers are written (`--decimal`, `--thousands`). Unset: plain numbers are read as such
   * and other columns are checked against the common formats, with a warning when one is used.
   */
  numberFormat: NumberFormatSchema.optional(),
  /** Column holding each row's date or time; read for out-of-time validation, not as a feature. */
  timeColumn: z.string().min(1).optional(),
  /** Name used in error messages (the file path). */
  source: z.string().default('CSV input'),
});
export type CsvLoadOptions = z.input<typeof CsvLoadOptionsSchema>;

export interface LoadedCsv {
  readonly data: Dataset;
  /** 1 for the positive class, 0 otherwise. */
  readonly y: Float64Array;
  readonly target: string;
  readonly positiveLabel: string;
  readonly rowsRead: number;
  readonly rowsWithoutTarget: number;
  readonly droppedColumns: readonly string[];
  readonly warnings: readonly string[];
  /** Sortable time per row from `timeColumn` (NaN where blank); absent without a time column. */
  readonly times?: Float64Array;
  readonly timeColumn?: string;
}

interface ParsedRows {
  readonly rows: string[][];
  /** File line on which each row ends (1-based; the header is row 0). */
  readonly lines: number[];
}

function parseRows(text: string, delimiter: string, source: string): ParsedRows {
  try {
    const records = parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_quotes: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return { rows: records.map((r) => r.record), lines: records.map((r) => r.info.lines) };
  } catch (error) {
    throw new Error(`${source}: could not parse CSV (${(error as Error).message}); check --delimiter`);
  }
}

function choosePositive(
  target: string,
  values: readonly string[],
  requested: string | undefined,
  source: string,
): string {
  const distinct = [...new Set(values)].sort();
  if (distinct.length === 1) {
    throw new Error(
      `${source}: target '${target}' is '${distinct[0]}' in all ${values.length} rows; a model needs rows of both outcomes, so check the file and the target column`,
    );
  }
  if (requested !== undefined) {
    if (!distinct.includes(requested.trim())) {
      throw new Error(
        `${source}: --positive '${requested}' never occurs in target '${target}'; values found: ${distinct.join(', ')}`,
      );
    }
    return requested.trim();
  }
  if (distinct.length !== 2) {
    throw new Error(
      `${source}: target '${target}' has ${distinct.length} distinct values (${distinct.slice(0, 10).join(', ')}); pass --positive VALUE to score one value against the rest`,
    );
  }
  const positives = distinct.filter((v) => POSITIVE_WORDS.test(v));
  if (positives.length !== 1) {
    throw new Error(
      `${source}: cannot tell which value of target '${target}' is positive (${distinct.join(' / ')}); pass --positive VALUE`,
    );
  }
  return positives[0] as string;
}

/** Parses CSV text into the learner `Dataset` contract plus a 0/1 target. */
export function parseTabularCsv(text: string, optionsInput: CsvLoadOptions): LoadedCsv {
  const options = CsvLoadOptionsSchema.parse(optionsInput);
  const { source } = options;
  const { rows, lines } = parseRows(text, options.delimiter, source);
  const header = rows[0];
  if (!header || rows.length < 2) throw new Error(`${source}: needs a header line and at least one data row`);
  const names = header.map((name, j) => (name.trim() === '' ? `column_${j + 1}` : name.trim()));
  const duplicate = names.find((name, j) => names.indexOf(name) !== j);
  if (duplicate !== undefined)
    throw new Error(`${source}: column '${duplicate}' appears twice in the header; rename one`);
  const targetIndex = names.indexOf(options.target.trim());
  if (targetIndex < 0) throw new Error(unknownColumnMessage('target', options.target, names, source));
  const timeIndex = options.timeColumn === undefined ? -1 : names.indexOf(options.timeColumn.trim());
  if (options.timeColumn !== undefined && timeIndex < 0)
    throw new Error(unknownColumnMessage('--time-column', options.timeColumn, names, source));
  if (timeIndex === targetIndex)
    throw new Error(`${source}: --time-column and --target are the same column '${names[targetIndex]}'`);
  for (const name of options.drop) {
    if (!names.includes(name.trim())) throw new Error(unknownColumnMessage('--drop', name, names, source));
  }
  const missingTokens = new Set(options.missingTokens.map((t) => t.trim()));
  const body = rows.slice(1);
  const kept = body.flatMap((row, k) => (isMissingCell(row[targetIndex], missingTokens) ? [] : [k]));
  const keptRows = kept.map((k) => body[k] as string[]);
  const keptLines = kept.map((k) => lines[k + 1] as number);
  if (keptRows.length === 0) throw new Error(`${source}: target '${options.target}' is blank in every row`);
  const targetValues = keptRows.map((row) => (row[targetIndex] as string).trim());
  const positiveLabel = choosePositive(names[targetIndex] as string, targetValues, options.positive, source);
  const y = Float64Array.from(targetValues, (v) => (v === positiveLabel ? 1 : 0));

  const dropped = new Set(options.drop.map((d) => d.trim()));
  const droppedColumns = [...dropped];
  const warnings: string[] = [];
  if (keptRows.length < body.length) {
    warnings.push(
      `${body.length - keptRows.length} rows have no value for '${names[targetIndex]}' and were skipped`,
    );
  }
  const numberFormat: NumberFormat | undefined = options.numberFormat;
  let times: Float64Array | undefined;
  if (timeIndex >= 0) {
    times = parseTimeColumn(
      keptRows.map((row) => row[timeIndex]),
      keptLines,
      names[timeIndex] as string,
      missingTokens,
      source,
    );
    const untimed = times.filter((t) => Number.isNaN(t)).length;
    if (untimed === times.length)
      throw new Error(`${source}: time column '${names[timeIndex]}' is blank in every row`);
    if (untimed > 0)
      warnings.push(
        `${untimed} rows have no value for time column '${names[timeIndex]}' and are left out of training and testing`,
      );
  }
  const featureNames: string[] = [];
  const columns: Float64Array[] = [];
  const categorical: boolean[] = [];
  const categoryLabels: (readonly string[] | undefined)[] = [];
  names.forEach((name, j) => {
    if (j === targetIndex || j === timeIndex || dropped.has(name)) return;
    const column = toTypedColumn(
      keptRows.map((row) => row[j]),
      missingTokens,
      numberFormat,
    );
    if (column.detectedFormat) {
      const { format, ambiguous } = column.detectedFormat;
      warnings.push(
        `column '${name}' read as numbers with ${describeNumberFormat(format)}${ambiguous ? ' (every value also reads as a decimal comma)' : ''}; pass --decimal and --thousands to say how numbers are written`,
      );
    }
    if (column.missing === keptRows.length) {
      droppedColumns.push(name);
      warnings.push(`column '${name}' is empty in every row and was dropped`);
      return;
    }
    if (column.categorical && keptRows.length >= 50 && column.distinct > 0.9 * keptRows.length) {
      warnings.push(
        `column '${name}' has ${column.distinct} distinct values in ${keptRows.length} rows; it looks like an identifier, consider --drop '${name}'`,
      );
    }
    featureNames.push(name);
    columns.push(column.values);
    categorical.push(column.categorical);
    categoryLabels.push(column.labels);
  });
  if (featureNames.length === 0)
    throw new Error(`${source}: no feature columns left after dropping the target and --drop columns`);
  return {
    data: { nRows: keptRows.length, featureNames, columns, categorical, categoryLabels },
    y,
    target: names[targetIndex] as string,
    positiveLabel,
    rowsRead: body.length,
    rowsWithoutTarget: body.length - keptRows.length,
    droppedColumns,
    warnings,
    ...(times === undefined ? {} : { times, timeColumn: names[timeIndex] as string }),
  };
}

export async function loadTabularCsv(
  path: string,
  options: Omit<CsvLoadOptions, 'source'>,
): Promise<LoadedCsv> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `cannot read CSV file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseTabularCsv(text, { ...options, source: path });
}

import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { Dataset } from '../learners/types.ts';
import { unknownColumnMessage } from './closest-name.ts';
import { isMissingCell, toTypedColumn } from './column-types.ts';

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
}

function parseRows(text: string, delimiter: string, source: string): string[][] {
  try {
    return parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_quotes: true }) as string[][];
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
  const rows = parseRows(text, options.delimiter, source);
  const header = rows[0];
  if (!header || rows.length < 2) throw new Error(`${source}: needs a header line and at least one data row`);
  const names = header.map((name, j) => (name.trim() === '' ? `column_${j + 1}` : name.trim()));
  const duplicate = names.find((name, j) => names.indexOf(name) !== j);
  if (duplicate !== undefined)
    throw new Error(`${source}: column '${duplicate}' appears twice in the header; rename one`);
  const targetIndex = names.indexOf(options.target.trim());
  if (targetIndex < 0) throw new Error(unknownColumnMessage('target', options.target, names, source));
  for (const name of options.drop) {
    if (!names.includes(name.trim())) throw new Error(unknownColumnMessage('--drop', name, names, source));
  }
  const missingTokens = new Set(options.missingTokens.map((t) => t.trim()));
  const body = rows.slice(1);
  const keptRows = body.filter((row) => !isMissingCell(row[targetIndex], missingTokens));
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
  const featureNames: string[] = [];
  const columns: Float64Array[] = [];
  const categorical: boolean[] = [];
  const categoryLabels: (readonly string[] | undefined)[] = [];
  names.forEach((name, j) => {
    if (j === targetIndex || dropped.has(name)) return;
    const column = toTypedColumn(
      keptRows.map((row) => row[j]),
      missingTokens,
    );
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

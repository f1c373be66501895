import { SCORE_COLUMNS } from '../../../core/warehouse/scores-table.ts';
import { SNOWFLAKE_TYPES } from './score-sql.ts';

export interface FoundColumn {
  readonly table: string;
  readonly column: string;
  readonly dataType: string;
}

/** Raised when an existing score table or view does not have the documented columns. */
export class ScoreSchemaDriftError extends Error {}

/**
 * Compares an existing table's columns with the documented score columns. Extra columns are
 * allowed (a team may add its own); a missing column or another type is drift, named precisely.
 */
export function schemaDrift(table: string, found: readonly FoundColumn[]): string[] {
  const byName = new Map(found.map((column) => [column.column.toUpperCase(), column.dataType.toUpperCase()]));
  const problems: string[] = [];
  for (const column of SCORE_COLUMNS) {
    const name = column.name.toUpperCase();
    const expected = SNOWFLAKE_TYPES[column.type].dataType;
    const actual = byName.get(name);
    if (actual === undefined) problems.push(`${table}.${name}: expected ${expected}, found no such column`);
    else if (actual !== expected) problems.push(`${table}.${name}: expected ${expected}, found ${actual}`);
  }
  return problems;
}

export function driftError(problems: readonly string[]): ScoreSchemaDriftError {
  return new ScoreSchemaDriftError(
    `score tables differ from the documented schema:\n  ${problems.join('\n  ')}\n` +
      'Alter the columns to the expected types, or drop the table and let scorebridge recreate it.',
  );
}

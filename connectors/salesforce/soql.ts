import { z } from 'zod';

/**
 * Position in a stream: the SystemModstamp and Id of the last record stored. Salesforce stamps
 * have whole-second precision and mass updates give thousands of rows the same stamp, so the Id
 * breaks ties and the next query resumes inside a second instead of re-reading or skipping it.
 */
export const stampCursorSchema = z.strictObject({
  stamp: z.iso.datetime(),
  lastId: z.string().regex(/^[a-zA-Z0-9]{15,18}$/),
});
export type StampCursor = z.infer<typeof stampCursorSchema>;

/** SOQL datetime literal (unquoted), milliseconds only when present. */
export function soqlDateTime(iso: string): string {
  const date = new Date(iso);
  const text = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? text.replace('.000Z', 'Z') : text;
}

const quoteId = (id: string) => `'${id.replace(/[\\']/g, '\\$&')}'`;

export interface IncrementalQueryOptions {
  readonly startDate?: string;
  readonly lookbackSeconds: number;
  /** A condition ANDed with the cursor's on incremental reads (e.g. leaving out own writes). */
  readonly also?: string;
}

/** The WHERE condition that resumes after a cursor (or from startDate), or null for everything. */
export function incrementalCondition(
  cursor: StampCursor | null,
  options: IncrementalQueryOptions,
): string | null {
  if (cursor && options.lookbackSeconds > 0) {
    const from = new Date(Date.parse(cursor.stamp) - options.lookbackSeconds * 1000).toISOString();
    return `SystemModstamp >= ${soqlDateTime(from)}`;
  }
  if (cursor) {
    const stamp = soqlDateTime(cursor.stamp);
    return `(SystemModstamp > ${stamp} OR (SystemModstamp = ${stamp} AND Id > ${quoteId(cursor.lastId)}))`;
  }
  if (options.startDate) return `SystemModstamp >= ${soqlDateTime(options.startDate)}`;
  return null;
}

/**
 * The incremental query of one stream: every field the mapping needs, ordered by
 * (SystemModstamp, Id), resuming strictly after the cursor. Run through queryAll, so deleted and
 * merged rows (IsDeleted, MasterRecordId) come through the same ordered pass.
 */
export function incrementalSoql(
  object: string,
  fields: readonly string[],
  cursor: StampCursor | null,
  options: IncrementalQueryOptions,
): string {
  const condition = incrementalCondition(cursor, options);
  // Own writes are left out of incremental reads only: an initial read takes every record.
  const full = condition && cursor && options.also ? `${condition} AND ${options.also}` : condition;
  const where = full ? ` WHERE ${full}` : '';
  return `SELECT ${fields.join(', ')} FROM ${object}${where} ORDER BY SystemModstamp ASC, Id ASC`;
}

/** SOQL `Id IN (...)` filter for a list of ids. */
export function idList(ids: readonly string[]): string {
  return `(${ids.map(quoteId).join(', ')})`;
}

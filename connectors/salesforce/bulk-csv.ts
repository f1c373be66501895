import type { FieldValue, RecordWrite } from './write-plan.ts';

/** Bulk API 2.0 reads an empty cell as "leave unchanged" and #N/A as "set to null". */
const NULL_CELL = '#N/A';

function cell(value: FieldValue | undefined): string {
  if (value === undefined) return '';
  if (value === null) return NULL_CELL;
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of an update job: Id plus every field any record changes; unchanged cells stay empty. */
export function bulkUpdateCsv(writes: readonly RecordWrite[]): { csv: string; columns: string[] } {
  const fieldNames = [...new Set(writes.flatMap((write) => Object.keys(write.fields)))];
  const lines = [['Id', ...fieldNames].join(',')];
  for (const write of writes)
    lines.push([write.recordId, ...fieldNames.map((name) => cell(write.fields[name]))].join(','));
  return { csv: `${lines.join('\n')}\n`, columns: ['Id', ...fieldNames] };
}

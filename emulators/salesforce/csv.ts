import { parse } from 'csv-parse/sync';

/** Parses an uploaded Bulk API CSV into a header and rows of text cells. */
export function parseCsv(text: string, delimiter = ','): { header: string[]; rows: string[][] } {
  const records = parse(text, {
    delimiter,
    relax_quotes: false,
    skip_empty_lines: true,
    bom: true,
  }) as string[][];
  const [header, ...rows] = records;
  return { header: header ?? [], rows };
}

function quote(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

/** Serialises rows the way Bulk API result files are written: every cell quoted, LF line endings. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header.map(quote).join(',')];
  for (const row of rows) lines.push(row.map(quote).join(','));
  return `${lines.join('\n')}\n`;
}

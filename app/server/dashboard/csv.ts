/** CSV as RFC 4180 writes it (CRLF, quotes doubled), safe to open in a spreadsheet. */

// A cell starting with one of these is run as a formula by Excel, LibreOffice and Google Sheets
// (CSV injection): such text is prefixed with an apostrophe, which they show as plain text.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

import { z } from 'zod';

/**
 * How numbers are written in a file. "1,234.5" (thousands ',', decimal '.') and "1.234,5"
 * (thousands '.', decimal ',') are both common in CRM exports; read naively, such columns
 * become text categories with thousands of levels and look like identifiers.
 */
export const NumberFormatSchema = z
  .object({
    decimal: z.enum(['.', ',']).default('.'),
    /** '' = no grouping; otherwise the digit-group separator. */
    thousands: z.enum(['', ',', '.', ' ', "'"]).default(''),
  })
  .refine((f) => f.decimal !== f.thousands, 'the decimal and thousands separators must differ');
export type NumberFormat = z.output<typeof NumberFormatSchema>;

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Non-breaking and narrow no-break spaces are what spreadsheets emit for a ' ' grouping.
const SPACES = /[\u00a0\u202f]/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pattern(format: NumberFormat): RegExp {
  const d = escapeRegExp(format.decimal);
  const integer =
    format.thousands === '' ? '\\d+' : `(\\d{1,3}(${escapeRegExp(format.thousands)}\\d{3})+|\\d+)`;
  return new RegExp(`^[+-]?(${integer}(${d}\\d*)?|${d}\\d+)$`);
}

/** Parses one trimmed cell in `format`; NaN when it is not a number written that way. */
export function parseLocaleNumber(cell: string, format: NumberFormat): number {
  const text = cell.replace(SPACES, ' ');
  if (format.decimal === '.' && format.thousands === '') return PLAIN.test(text) ? Number(text) : Number.NaN;
  if (!pattern(format).test(text)) return Number.NaN;
  const ungrouped = format.thousands === '' ? text : text.split(format.thousands).join('');
  return Number(format.decimal === ',' ? ungrouped.replace(',', '.') : ungrouped);
}

const CANDIDATES: readonly NumberFormat[] = [
  { decimal: '.', thousands: ',' },
  { decimal: ',', thousands: '' },
  { decimal: ',', thousands: '.' },
  { decimal: ',', thousands: ' ' },
  { decimal: '.', thousands: ' ' },
  { decimal: '.', thousands: "'" },
];

export function describeNumberFormat(format: NumberFormat): string {
  const thousands = format.thousands === '' ? 'no' : `'${format.thousands}' as`;
  return `'${format.decimal}' as decimal and ${thousands} thousands separator`;
}

export interface DetectedFormat {
  readonly format: NumberFormat;
  /** Both readings fit every cell ("1,234" alone): the thousands reading was taken. */
  readonly ambiguous: boolean;
}

/**
 * The one way of writing numbers that reads every cell of a column that is not plain
 * ("1234.5"), or undefined when none does (a genuine text column). When a thousands-grouped
 * and a decimal-comma reading both fit ("1,234", "12,500"), the grouped reading wins, because
 * exactly three digits after a comma in every cell is what grouping looks like, and the column
 * is flagged ambiguous so the caller warns.
 */
export function detectNumberFormat(cells: readonly string[]): DetectedFormat | undefined {
  const fitting = CANDIDATES.filter((format) =>
    cells.every((cell) => !Number.isNaN(parseLocaleNumber(cell, format))),
  );
  const first = fitting[0];
  if (first === undefined) return undefined;
  const readings = new Set(
    fitting.map((format) => cells.map((cell) => parseLocaleNumber(cell, format)).join('|')),
  );
  return { format: first, ambiguous: readings.size > 1 };
}

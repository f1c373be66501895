import { FEATURE_NAME } from '../vocabulary/schema.ts';

/** `Report Exported`, `reportExported`, `report.exported` -> `report_exported` (a feature name part). */
export function slug(text: string, maxLength = 40): string {
  const snake = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  // Long names are cut at a word boundary when there is one in the second half.
  let cut = snake.slice(0, maxLength);
  const boundary = cut.lastIndexOf('_');
  if (snake.length > maxLength && boundary > maxLength / 2) cut = cut.slice(0, boundary);
  cut = cut.replace(/_+$/, '');
  if (cut === '') return 'x';
  return /^[0-9]/.test(cut) ? `n${cut}` : cut;
}

/** `report_exported` -> `report exported`: how a name reads in a reason. */
export function words(text: string): string {
  return slug(text, 80).replace(/_/g, ' ');
}

/**
 * A feature name not taken yet: `base`, else `base_2`, `base_3`... Names of built-in features are
 * taken, so a discovered feature never silently replaces one.
 */
export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  if (!FEATURE_NAME.test(name)) throw new Error(`discover: '${name}' is not a feature name`);
  taken.add(name);
  return name;
}

export function percentText(share: number): string {
  if (!Number.isFinite(share)) return 'n/a';
  const value = 100 * share;
  return `${value > 0 && value < 1 ? value.toFixed(1) : Math.round(value)}%`;
}

export function countText(n: number): string {
  return n.toLocaleString('en-US');
}

export function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** "contact" -> "contacts", "account" -> "accounts" (the nouns reports use). */
export function plural(entityType: 'contact' | 'account'): string {
  return `${entityType}s`;
}

const REFERENCE = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}/g;

function lookup(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * A notify step's text with each `{{a.b}}` replaced by that field of the entity record. Plain
 * text only: a field is looked up by its dotted path, never evaluated; a missing field or an
 * object renders as nothing so a message never shows `[object Object]`.
 */
export function renderNotifyText(text: string, record: Readonly<Record<string, unknown>>): string {
  return text.replace(REFERENCE, (_match, path: string) => {
    const value = lookup(record, path);
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return '';
  });
}

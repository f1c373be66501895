import type { SObjectDef } from './catalog.ts';
import type { FieldDef } from './field-defs.ts';
import type { Row } from './values.ts';

export interface SortKey {
  readonly field: string;
  readonly descending: boolean;
  readonly nullsLast: boolean;
}

/**
 * One object's records. Rows are immutable: an update stores a new row object, so a query
 * result held by a cursor keeps the versions it matched (the snapshot a query locator serves).
 * Sorted views are cached per ORDER BY and dropped on the next write.
 */
export class SObjectTable {
  readonly name: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly keyPrefix: string;
  readonly mergeable: boolean;
  readonly #fields = new Map<string, FieldDef>();
  /** Custom fields the API user cannot see until field-level security is granted. */
  readonly hidden = new Set<string>();
  readonly #rows = new Map<string, Row>();
  readonly #sorted = new Map<string, Row[]>();

  constructor(def: SObjectDef) {
    this.name = def.name;
    this.label = def.label;
    this.labelPlural = def.labelPlural;
    this.keyPrefix = def.keyPrefix;
    this.mergeable = def.mergeable;
    for (const field of def.fields) this.#fields.set(field.name.toLowerCase(), field);
  }

  /** A field by case-insensitive name, if it exists and the API user may see it. */
  field(name: string): FieldDef | undefined {
    const def = this.#fields.get(name.toLowerCase());
    return def && !this.hidden.has(def.name) ? def : undefined;
  }

  /** A field whatever its visibility (tooling and admin paths). */
  anyField(name: string): FieldDef | undefined {
    return this.#fields.get(name.toLowerCase());
  }

  /** Every field whatever its visibility (Tooling queries list them all). */
  allFields(): FieldDef[] {
    return [...this.#fields.values()];
  }

  visibleFields(): FieldDef[] {
    return [...this.#fields.values()].filter((def) => !this.hidden.has(def.name));
  }

  addField(def: FieldDef, hidden: boolean): void {
    this.#fields.set(def.name.toLowerCase(), def);
    if (hidden) this.hidden.add(def.name);
  }

  get size(): number {
    return this.#rows.size;
  }

  get(id: string): Row | undefined {
    return this.#rows.get(id);
  }

  put(row: Row): void {
    this.#rows.set(row.Id as string, row);
    this.#sorted.clear();
  }

  /** Permanently removes a row (emptying the recycle bin); normal deletes only set IsDeleted. */
  purge(id: string): void {
    this.#rows.delete(id);
    this.#sorted.clear();
  }

  rows(): IterableIterator<Row> {
    return this.#rows.values();
  }

  /** All rows in ORDER BY order; the same array is reused until the next write. */
  sorted(keys: readonly SortKey[]): readonly Row[] {
    if (keys.length === 0) return [...this.#rows.values()];
    const cacheKey = keys.map((key) => `${key.field}:${key.descending}:${key.nullsLast}`).join(',');
    const cached = this.#sorted.get(cacheKey);
    if (cached) return cached;
    const sorted = [...this.#rows.values()].sort((a, b) => compareRows(a, b, keys));
    this.#sorted.set(cacheKey, sorted);
    return sorted;
  }
}

export function compareRows(a: Row, b: Row, keys: readonly SortKey[]): number {
  for (const key of keys) {
    const left = a[key.field] ?? null;
    const right = b[key.field] ?? null;
    if (left === right) continue;
    if (left === null || right === null) {
      // SOQL default: NULLS FIRST for ascending, NULLS LAST for descending.
      const nullFirst = left === null ? -1 : 1;
      return key.nullsLast ? -nullFirst : nullFirst;
    }
    const order = left < right ? -1 : 1;
    return key.descending ? -order : order;
  }
  return 0;
}

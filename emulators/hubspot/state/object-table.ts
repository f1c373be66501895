import type { ObjectType } from './object-types.ts';

/** One stored CRM record. `properties` holds written values only; ids and timestamps are derived on read. */
export interface StoredObject {
  readonly id: number;
  properties: Record<string, string>;
  readonly createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
  /** Earlier versions a lagging search index may still answer with (see search/index-lag.ts). */
  searchHistory?: SearchVersion[];
}

/** A past version of a record's values, as the search index may still hold it. */
export interface SearchVersion {
  readonly properties: Readonly<Record<string, string>>;
  readonly updatedAt: number;
}

/**
 * The records of one object type, kept in id order (ids only grow), which is the order HubSpot's
 * list endpoint pages in. Unique-value properties (contact e-mail, custom unique properties) are
 * indexed case-insensitively for upserts and duplicate checks.
 */
export class ObjectTable {
  readonly type: ObjectType;
  readonly #byId = new Map<number, StoredObject>();
  readonly #ids: number[] = [];
  readonly #unique = new Map<string, Map<string, number>>();
  /** property -> record id -> its indexed (lower-cased) value, to drop the old value on change. */
  readonly #uniqueOf = new Map<string, Map<number, string>>();

  constructor(type: ObjectType) {
    this.type = type;
  }

  get size(): number {
    return this.#byId.size;
  }

  insert(object: StoredObject): void {
    const last = this.#ids[this.#ids.length - 1];
    if (last !== undefined && object.id <= last) throw new Error(`ids must grow: ${object.id} after ${last}`);
    this.#ids.push(object.id);
    this.#byId.set(object.id, object);
  }

  get(id: number): StoredObject | undefined {
    return this.#byId.get(id);
  }

  /** Records with id >= minId, in id order, either live or archived ones. */
  *scanFrom(minId: number, archived: boolean): Generator<StoredObject> {
    for (let index = this.#lowerBound(minId); index < this.#ids.length; index++) {
      const object = this.#byId.get(this.#ids[index]!);
      if (object && (object.archivedAt !== null) === archived) yield object;
    }
  }

  /** Permanently removes a record (GDPR delete). */
  remove(id: number): void {
    if (!this.#byId.delete(id)) return;
    const index = this.#lowerBound(id);
    if (this.#ids[index] === id) this.#ids.splice(index, 1);
    for (const property of this.#unique.keys()) this.setUnique(property, undefined, id);
  }

  findUnique(property: string, value: string): number | undefined {
    return this.#unique.get(property)?.get(value.toLowerCase());
  }

  setUnique(property: string, value: string | undefined, id: number): void {
    let index = this.#unique.get(property);
    let owned = this.#uniqueOf.get(property);
    if (!index || !owned) {
      index = new Map();
      owned = new Map();
      this.#unique.set(property, index);
      this.#uniqueOf.set(property, owned);
    }
    const previous = owned.get(id);
    if (previous !== undefined && index.get(previous) === id) index.delete(previous);
    owned.delete(id);
    if (!value) return;
    index.set(value.toLowerCase(), id);
    owned.set(id, value.toLowerCase());
  }

  #lowerBound(id: number): number {
    let low = 0;
    let high = this.#ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#ids[mid]! < id) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

import type { ObjectType } from './object-types.ts';
import { objectTypeInfo } from './object-types.ts';

/**
 * HubSpot-defined association type ids (v4 `associationTypeId`, category HUBSPOT_DEFINED) for the
 * pairs the emulator serves, from HubSpot's "default association type ids" table.
 */
const typeIds: Record<string, number> = {
  'contacts>companies': 1,
  'companies>contacts': 2,
  'deals>contacts': 3,
  'contacts>deals': 4,
  'deals>companies': 5,
  'companies>deals': 6,
  'contacts>emails': 197,
  'emails>contacts': 198,
  'companies>emails': 185,
  'emails>companies': 186,
  'emails>deals': 210,
  'deals>emails': 209,
  'contacts>meetings': 199,
  'meetings>contacts': 200,
  'companies>meetings': 187,
  'meetings>companies': 188,
  'meetings>deals': 212,
  'deals>meetings': 211,
  'contacts>calls': 193,
  'calls>contacts': 194,
  'companies>calls': 181,
  'calls>companies': 182,
  'calls>deals': 206,
  'deals>calls': 205,
  'contacts>tasks': 203,
  'tasks>contacts': 204,
  'companies>tasks': 191,
  'tasks>companies': 192,
  'tasks>deals': 216,
  'deals>tasks': 215,
  'contacts>notes': 201,
  'notes>contacts': 202,
  'companies>notes': 189,
  'notes>companies': 190,
  'notes>deals': 214,
  'deals>notes': 213,
};

export function associationTypeId(from: ObjectType, to: ObjectType): number | undefined {
  return typeIds[`${from}>${to}`];
}

export interface AssociationPaging {
  /** Associated ids per record per `to` type in the `associations` block of object list and get calls. */
  readonly objects: number;
  /** Associated ids per record in one v4 batch read answer. */
  readonly batchRead: number;
}

/**
 * HubSpot pages associations per record. Object list/get answers carry at most 100 per associated
 * type, with `paging.next.after` for the rest (developer changelog, "Announcing a change to how v3
 * CRM APIs return association data", October 2020: "if your request returns more than 100
 * associations, you will need to use the value of the after field"). The v4 batch read pages each
 * record on its own (`paging` per result, continued by sending `{id, after}`: associations v4 spec,
 * "Batch read associations ... The 'after' field in a returned paging object can be added alongside
 * the 'id' to retrieve the next page"); 500 is the v4 per-record page limit
 * (`GET /crm/v4/objects/{type}/{id}/associations/{to}`, limit max 500) and what connectors see in
 * practice (dlt-hub/verified-sources#593, airbytehq/airbyte#56447 lost associations past a page).
 */
export const defaultAssociationPaging: AssociationPaging = { objects: 100, batchRead: 500 };

/** Ids `[after, after + size)` and the `after` of the next page, if any. */
export function associationPage(
  ids: readonly number[],
  after: number,
  size: number,
): { ids: readonly number[]; next: string | null } {
  const end = after + size;
  return { ids: ids.slice(after, end), next: end < ids.length ? String(end) : null };
}

/** The v3 `type` label of an association, e.g. "contact_to_company". */
export function associationLabel(from: ObjectType, to: ObjectType): string {
  return `${objectTypeInfo[from].singular}_to_${objectTypeInfo[to].singular}`;
}

/** Associations are symmetric: storing one direction stores the other. */
export class AssociationStore {
  readonly #pairs = new Map<string, Map<number, number[]>>();

  add(from: ObjectType, fromId: number, to: ObjectType, toId: number): boolean {
    const added = this.#link(from, fromId, to, toId);
    this.#link(to, toId, from, fromId);
    return added;
  }

  get(from: ObjectType, fromId: number, to: ObjectType): readonly number[] {
    return this.#pairs.get(`${from}>${to}`)?.get(fromId) ?? [];
  }

  remove(from: ObjectType, fromId: number, to: ObjectType, toId: number): void {
    this.#unlink(from, fromId, to, toId);
    this.#unlink(to, toId, from, fromId);
  }

  /** Every association of `type` record `id`, as [otherType, otherId] pairs. */
  *all(type: ObjectType, id: number): Generator<[ObjectType, number]> {
    for (const [key, links] of this.#pairs) {
      const [from, to] = key.split('>') as [ObjectType, ObjectType];
      if (from !== type) continue;
      for (const other of links.get(id) ?? []) yield [to, other];
    }
  }

  #link(from: ObjectType, fromId: number, to: ObjectType, toId: number): boolean {
    const key = `${from}>${to}`;
    let links = this.#pairs.get(key);
    if (!links) {
      links = new Map();
      this.#pairs.set(key, links);
    }
    const list = links.get(fromId);
    if (!list) {
      links.set(fromId, [toId]);
      return true;
    }
    if (list.includes(toId)) return false;
    list.push(toId);
    return true;
  }

  #unlink(from: ObjectType, fromId: number, to: ObjectType, toId: number): void {
    const links = this.#pairs.get(`${from}>${to}`);
    const list = links?.get(fromId);
    if (!links || !list) return;
    const next = list.filter((id) => id !== toId);
    if (next.length === 0) links.delete(fromId);
    else links.set(fromId, next);
  }
}

/** The (from, to) object types of a HubSpot-defined association type id. */
export function pairForTypeId(typeId: number): { from: ObjectType; to: ObjectType } | undefined {
  for (const [key, id] of Object.entries(typeIds)) {
    if (id !== typeId) continue;
    const [from, to] = key.split('>') as [ObjectType, ObjectType];
    return { from, to };
  }
  return undefined;
}

import { associationLabel, associationPage } from './associations.ts';
import type { CrmState } from './crm-state.ts';
import type { StoredObject } from './object-table.ts';
import { type ObjectType, objectTypeInfo } from './object-types.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A property value as HubSpot returns it: stored values, plus the ids and timestamps it calculates. */
export function readValue(type: ObjectType, object: StoredObject, name: string): string | undefined {
  const info = objectTypeInfo[type];
  if (name === 'hs_object_id') return String(object.id);
  if (name === info.lastModifiedProperty) return iso(object.updatedAt);
  if (name === info.createdProperty) return iso(object.createdAt);
  return object.properties[name];
}

/**
 * The `properties` map of a response: the requested properties (null when unset, left out when the
 * portal has no such property), or the object type's defaults; the id and both timestamps always.
 */
export function selectProperties(
  state: CrmState,
  type: ObjectType,
  object: StoredObject,
  requested: readonly string[] | null,
  defaults: readonly string[] = objectTypeInfo[type].defaultProperties,
): Record<string, string | null> {
  const info = objectTypeInfo[type];
  const names = requested && requested.length > 0 ? requested : defaults;
  const out: Record<string, string | null> = {};
  for (const name of [...names, 'hs_object_id', info.createdProperty, info.lastModifiedProperty]) {
    if (name in out) continue;
    const value = readValue(type, object, name);
    if (value !== undefined) out[name] = value;
    else if (state.properties.get(type, name)) out[name] = null;
  }
  return out;
}

export interface ObjectJsonOptions {
  readonly properties: readonly string[] | null;
  readonly associations?: readonly ObjectType[];
  readonly defaults?: readonly string[];
  /** Associated ids per type in one answer; the rest are left to `paging.next.after`. */
  readonly associationPageSize?: number;
  /** Scheme, host and port for `paging.next.link`. */
  readonly baseUrl?: string;
}

/** SimplePublicObject(WithAssociations) JSON. */
export function objectJson(
  state: CrmState,
  type: ObjectType,
  object: StoredObject,
  options: ObjectJsonOptions,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: String(object.id),
    properties: selectProperties(state, type, object, options.properties, options.defaults),
    createdAt: iso(object.createdAt),
    updatedAt: iso(object.updatedAt),
    archived: object.archivedAt !== null,
  };
  if (object.archivedAt !== null) json.archivedAt = iso(object.archivedAt);
  if (options.associations && options.associations.length > 0) {
    const associations: Record<string, unknown> = {};
    for (const to of options.associations) {
      const ids = state.associations.get(type, object.id, to);
      if (ids.length === 0) continue;
      const label = associationLabel(type, to);
      const page = associationPage(ids, 0, options.associationPageSize ?? Number.MAX_SAFE_INTEGER);
      const block: Record<string, unknown> = {
        results: page.ids.map((id) => ({ id: String(id), type: label })),
      };
      if (page.next !== null) {
        block.paging = {
          next: {
            after: page.next,
            link: `${options.baseUrl ?? ''}/crm/v4/objects/${type}/${object.id}/associations/${to}?after=${page.next}`,
          },
        };
      }
      associations[to] = block;
    }
    if (Object.keys(associations).length > 0) json.associations = associations;
  }
  return json;
}

import type { HubspotApi } from '../api/client.ts';
import type { HubObject, SearchFilter } from '../api/types.ts';
import { completeAssociations } from './associations.ts';
import type { ObjectCursor } from './cursor.ts';

/** What to read for one HubSpot object type. */
export interface ObjectReadSpec {
  readonly objectType: string;
  readonly lastModifiedProperty: string;
  readonly properties: readonly string[];
  /** Object types whose associated ids each record needs (list: inline; search: v4 batch read). */
  readonly associations: readonly string[];
}

export interface ObjectPage {
  readonly objects: readonly HubObject[];
  /** Valid once `objects` are stored. */
  readonly cursor: ObjectCursor;
}

const SEARCH_PAGE = 200;

/**
 * Pages through one object type from `start` (see ObjectCursor for the phases), yielding every
 * page with the cursor that resumes right after it, and always ending with a `complete` cursor.
 */
export async function* readObjectPages(
  api: HubspotApi,
  spec: ObjectReadSpec,
  start: ObjectCursor,
  signal?: AbortSignal,
): AsyncGenerator<ObjectPage> {
  let cursor = start;
  while (cursor.phase !== 'complete') {
    signal?.throwIfAborted();
    if (cursor.phase === 'archived') {
      const page = await api.listPage(spec.objectType, {
        after: cursor.after,
        properties: spec.properties,
        associations: spec.associations,
        archived: true,
      });
      const objects = page.results.filter((object) => archivedInWindow(object, cursor));
      const next: ObjectCursor = page.after
        ? { ...cursor, after: page.after }
        : { ...cursor, phase: cursor.windowStart === null ? 'full' : 'incremental', after: null };
      cursor = next;
      yield {
        objects: await completeAssociations(api, spec.objectType, spec.associations, objects, 'paged'),
        cursor,
      };
    } else if (cursor.phase === 'full') {
      const page = await api.listPage(spec.objectType, {
        after: cursor.after,
        properties: spec.properties,
        associations: spec.associations,
        archived: false,
      });
      cursor = page.after ? { ...cursor, after: page.after } : { ...cursor, phase: 'complete', after: null };
      const objects = await completeAssociations(
        api,
        spec.objectType,
        spec.associations,
        page.results,
        'paged',
      );
      yield { objects, cursor };
    } else {
      const page = await searchWindow(api, spec, cursor);
      const last = page.results[page.results.length - 1];
      cursor =
        page.after && last
          ? { ...cursor, lastId: last.id }
          : { ...cursor, phase: 'complete', lastId: last?.id ?? cursor.lastId };
      yield {
        objects: await completeAssociations(api, spec.objectType, spec.associations, page.results, 'all'),
        cursor,
      };
    }
  }
}

/**
 * One page of the frozen window, restarted from `hs_object_id > lastId` every time (Airbyte's fix
 * for the 10,000-result search cap, applied at every page): no query ever pages past its first 200
 * results, so the cap is never reached however many records share one timestamp, and a record that
 * leaves the window mid-read cannot shift the pages after it.
 */
function searchWindow(api: HubspotApi, spec: ObjectReadSpec, cursor: ObjectCursor) {
  const filters: SearchFilter[] = [
    {
      propertyName: spec.lastModifiedProperty,
      operator: 'GTE',
      value: String(Date.parse(cursor.windowStart ?? new Date(0).toISOString())),
    },
    { propertyName: spec.lastModifiedProperty, operator: 'LTE', value: String(Date.parse(cursor.windowEnd)) },
  ];
  if (cursor.lastId !== null)
    filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: cursor.lastId });
  return api.search(spec.objectType, {
    filterGroups: [{ filters }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: spec.properties,
    limit: SEARCH_PAGE,
  });
}

function archivedInWindow(object: HubObject, cursor: ObjectCursor): boolean {
  if (object.archivedAt === null) return cursor.windowStart === null;
  const at = Date.parse(object.archivedAt);
  const afterStart = cursor.windowStart === null || at >= Date.parse(cursor.windowStart);
  return afterStart && at <= Date.parse(cursor.windowEnd);
}

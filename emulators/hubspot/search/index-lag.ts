import type { SearchVersion, StoredObject } from '../state/object-table.ts';

/**
 * HubSpot's search index trails the records: a record created or changed a moment ago is not found
 * yet, or is found with its old values ("newly created or updated objects may not appear in search
 * for a while", HubSpot/hubspot-api-php#59; Okta Workflows' HubSpot "Search Contacts" card documents
 * waiting 10 seconds after a create and up to 60 after an update). Reads by id and lists are not
 * affected. The emulator keeps the versions a search may still see and answers from the newest one
 * written at least `lagMs` ago.
 */
export const DEFAULT_SEARCH_INDEX_LAG_MS = 10_000;

/** Keeps the version about to be replaced, for searches that cannot see the change yet. */
export function rememberVersion(object: StoredObject, lagMs: number, now: number): void {
  if (lagMs <= 0) return;
  const cutoff = now - lagMs;
  const versions = prune(object.searchHistory ?? [], cutoff);
  versions.push({ properties: { ...object.properties }, updatedAt: object.updatedAt });
  object.searchHistory = versions;
}

/** The record as search sees it at `cutoff` (now minus the lag), or undefined when not indexed yet. */
export function searchView(object: StoredObject, cutoff: number): StoredObject | undefined {
  if (object.updatedAt <= cutoff) {
    if (object.searchHistory) delete object.searchHistory;
    return object;
  }
  const versions = object.searchHistory ?? [];
  for (let index = versions.length - 1; index >= 0; index--) {
    const version = versions[index]!;
    if (version.updatedAt <= cutoff)
      return { ...object, properties: version.properties, updatedAt: version.updatedAt };
  }
  return undefined;
}

/** Drops versions no search can see any more: all but the newest one already past the cutoff. */
function prune(versions: readonly SearchVersion[], cutoff: number): SearchVersion[] {
  let newestVisible = -1;
  versions.forEach((version, index) => {
    if (version.updatedAt <= cutoff) newestVisible = index;
  });
  return versions.slice(Math.max(0, newestVisible));
}

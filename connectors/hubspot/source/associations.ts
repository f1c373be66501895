import type { HubspotApi } from '../api/client.ts';
import type { AssociationPageInput, HubObject } from '../api/types.ts';

/** HubSpot refuses a v4 association batch read of more than 1,000 ids (changelog, February 2025). */
const MAX_BATCH_INPUTS = 1000;

/**
 * Every associated id of each record, following every record's own paging to its end. Each round
 * is one batch read for all records that still have a page to fetch (continued with their
 * `after`), so a page of 200 companies with 1,200 contacts each costs three calls, not 600.
 */
export async function readAllAssociations(
  api: HubspotApi,
  from: string,
  to: string,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, Set<string>>();
  let pending: AssociationPageInput[] = [...new Set(ids)].map((id) => ({ id }));
  while (pending.length > 0) {
    const next: AssociationPageInput[] = [];
    for (let index = 0; index < pending.length; index += MAX_BATCH_INPUTS) {
      const results = await api.associationPage(from, to, pending.slice(index, index + MAX_BATCH_INPUTS));
      for (const result of results) {
        const targets = found.get(result.id) ?? new Set<string>();
        for (const id of result.toIds) targets.add(id);
        found.set(result.id, targets);
        if (result.after) next.push({ id: result.id, after: result.after });
      }
    }
    pending = next;
  }
  return new Map([...found].map(([id, targets]) => [id, [...targets]]));
}

/**
 * Fills in the associations a page of records lacks. Search results carry none, so every record is
 * read (`all`); list results carry the first page of each type inline, so only the records whose
 * block says more pages exist are read again, from the start, through the v4 API.
 */
export async function completeAssociations(
  api: HubspotApi,
  from: string,
  types: readonly string[],
  objects: readonly HubObject[],
  which: 'all' | 'paged',
): Promise<HubObject[]> {
  if (types.length === 0 || objects.length === 0) return [...objects];
  const lookups = await Promise.all(
    types.map(async (to) => {
      const ids = objects
        .filter((object) => which === 'all' || object.associationsPaged?.includes(to))
        .map((object) => object.id);
      return [to, ids.length > 0 ? await readAllAssociations(api, from, to, ids) : null] as const;
    }),
  );
  if (lookups.every(([, byId]) => byId === null)) return [...objects];
  return objects.map((object) => {
    const associations: Record<string, readonly string[]> = { ...object.associations };
    for (const [to, byId] of lookups) {
      if (byId === null) continue;
      if (which === 'all') associations[to] = byId.get(object.id) ?? [];
      // A record the v4 read does not know (archived) keeps the page it came with.
      else if (object.associationsPaged?.includes(to))
        associations[to] = byId.get(object.id) ?? associations[to] ?? [];
    }
    const { associationsPaged: _done, ...rest } = object;
    return { ...rest, associations };
  });
}

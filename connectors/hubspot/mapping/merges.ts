import type { HubObject } from '../api/types.ts';
import { instant, type MappingContext, ref, text } from './shared.ts';

/**
 * The records a merge winner absorbed, from its `hs_merged_object_ids` ("12;34"). HubSpot no longer
 * serves a merged-away record, so each loser is emitted as deleted with `mergedInto` the winner:
 * the store then joins the two entities and keeps the trail. Chained merges are covered because
 * HubSpot carries the losers' own merge trail over to the winner.
 */
export function mergedLosers(
  object: HubObject,
  objectType: string,
  lastModifiedProperty: string,
  context: MappingContext,
): { ref: ReturnType<typeof ref>; updatedAt: string; mergedInto: ReturnType<typeof ref> }[] {
  const trail = text(object.properties.hs_merged_object_ids);
  if (!trail) return [];
  const winner = ref(context.system, objectType, object.id);
  const updatedAt = instant(object.properties[lastModifiedProperty]) ?? object.updatedAt;
  return [...new Set(trail.split(';').map((id) => id.trim()))]
    .filter((id) => id !== '' && id !== object.id)
    .map((id) => ({ ref: ref(context.system, objectType, id), updatedAt, mergedInto: winner }));
}

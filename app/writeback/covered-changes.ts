import type { FieldWriteIntent, WriteResult } from '../../core/connectors/destination.ts';
import type { SourceRef } from '../../core/schema/index.ts';
import type { CanonicalStore } from '../../core/store/canonical-store.ts';

/**
 * Asks the next sync to read again every record a write covered someone else's change on, when
 * the store does not hold that change yet: a source that leaves out scorebridge's own writes
 * (Salesforce `ignoreOwnWrites`) would otherwise never see it.
 */
export async function noteCoveredChanges(
  store: CanonicalStore,
  system: string,
  intents: readonly FieldWriteIntent[],
  results: readonly WriteResult[],
): Promise<number> {
  const refs: SourceRef[] = [];
  const seen = new Set<string>();
  for (const [index, result] of results.entries()) {
    if (result.status !== 'ok' || !result.coveredChangeAt) continue;
    const intent = intents[index]!;
    const ref: SourceRef = { system, objectType: intent.objectType, externalId: intent.recordId };
    const key = `${ref.objectType}/${ref.externalId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const stored = await store.rereads.storedVersion(ref);
    if (stored === null || Date.parse(stored) < Date.parse(result.coveredChangeAt)) refs.push(ref);
  }
  if (refs.length > 0) await store.rereads.note(refs);
  return refs.length;
}

import type { ScoreFieldMapping } from '../../../connectors/registry.ts';
import type { SourceRef } from '../../../core/schema/index.ts';
import type { CanonicalStore } from '../../../core/store/canonical-store.ts';

export type CrmRecord =
  | { readonly ref: SourceRef; readonly ownerId: string | null }
  | { readonly problem: string };

/** The provider record an entity has in `connector` (the first, when it is both Lead and Contact). */
export async function crmRecordOf(
  store: CanonicalStore,
  entity: { type: 'contact' | 'account'; id: string },
  connector: string,
  mapping: ScoreFieldMapping,
): Promise<CrmRecord> {
  const record =
    entity.type === 'account' ? await store.getAccount(entity.id) : await store.getContact(entity.id);
  if (record === null) return { problem: `${entity.type} ${entity.id} no longer exists` };
  const types = new Set(mapping.objectTypes(entity.type));
  const ref = record.sources.find((source) => source.system === connector && types.has(source.objectType));
  if (ref === undefined)
    return {
      problem: `${entity.type} ${entity.id} has no ${[...types].join('/')} record in ${connector}; sync it from there first`,
    };
  return { ref, ownerId: record.ownerId };
}

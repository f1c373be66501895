import { createHash } from 'node:crypto';
import type { ScoreFieldMapping, WriteBackModel } from '../../connectors/registry.ts';
import type { FieldWriteIntent } from '../../core/connectors/destination.ts';
import type { Score, SourceRef } from '../../core/schema/index.ts';

/**
 * The write key of one score on one provider record. It names the exact score (model version and
 * computation time), so replaying the same write-back after a crash produces the same keys, and a
 * newer score produces new ones.
 */
export function writeBackKey(connector: string, ref: SourceRef, model: string, score: Score): string {
  const material = `${connector}|${ref.objectType}|${ref.externalId}|${model}|${score.modelVersion}|${score.computedAt}`;
  return `wb_${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}

/**
 * Pure: the field writes for a page of scores, one per provider record of this connector that
 * holds the scored entity (a person can be both a Lead and a Contact; both get the score).
 */
export function planIntents(
  connector: string,
  mapping: ScoreFieldMapping,
  model: WriteBackModel,
  scored: readonly { score: Score; sources: readonly SourceRef[] }[],
): FieldWriteIntent[] {
  const objectTypes = new Set(mapping.objectTypes(model.entity));
  const intents: FieldWriteIntent[] = [];
  for (const { score, sources } of scored) {
    const fields = mapping.fieldValues(model, score);
    for (const ref of sources) {
      if (ref.system !== connector || !objectTypes.has(ref.objectType)) continue;
      intents.push({
        idempotencyKey: writeBackKey(connector, ref, model.name, score),
        objectType: ref.objectType,
        recordId: ref.externalId,
        fields,
      });
    }
  }
  return intents;
}

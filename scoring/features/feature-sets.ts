import type { EntityType } from '../../core/schema/index.ts';
import { accountFeatureSet } from './account-features.ts';
import { contactFeatureSet } from './contact-features.ts';
import type { FeatureSet } from './definition.ts';

const sets: readonly FeatureSet[] = [contactFeatureSet, accountFeatureSet];

/** The default feature set of an entity type. */
export function featureSetFor(entityType: EntityType): FeatureSet {
  return entityType === 'contact' ? contactFeatureSet : accountFeatureSet;
}

/** The feature set a stored model was trained with, by its recorded name. */
export function featureSetByName(name: string): FeatureSet {
  const set = sets.find((s) => s.name === name);
  if (!set)
    throw new Error(
      `unknown feature set "${name}" (known: ${sets.map((s) => s.name).join(', ')}); retrain the model`,
    );
  return set;
}

import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EntityType } from '../../core/schema/index.ts';
import type { FeatureDescriptor } from '../explain/feature-catalog.ts';
import { mergeVocabularies } from './plan/event-names.ts';
import type { FeaturePlan } from './plan/ir.ts';
import { lowerFeatures } from './plan/lower.ts';
import { builtinDefinitions, builtinVocabulary } from './vocabulary/builtin.ts';
import {
  type EventVocabulary,
  eventVocabularySchema,
  type FeatureDefinitionInput,
  featureMapSchema,
} from './vocabulary/schema.ts';

/**
 * What a model's features are, as data: the definitions and the event vocabulary they read. A
 * trained model stores its spec, so it is always fed the features it was trained on, whatever the
 * config says later.
 */
export const featureSpecSchema = z.strictObject({
  vocabulary: eventVocabularySchema,
  definitions: featureMapSchema,
  /**
   * Where each feature added to the built-in catalog was written: `scoring.features`, or the
   * feature file as scoring.featureFiles lists it. Reports tell built-in, discovered and user
   * features apart by it; absent in models trained before origins were recorded.
   */
  origins: z.record(z.string(), z.string()).optional(),
});
export type FeatureSpec = z.output<typeof featureSpecSchema>;

export interface FeatureSet {
  readonly entityType: EntityType;
  /** `contact.v1` / `account.v1` for the built-in catalog, `contact.custom.<hash>` with additions. */
  readonly name: string;
  readonly spec: FeatureSpec;
  readonly plan: FeaturePlan;
}

/** Features added to the built-in catalog: the user's (`scoring.features`) and discovered ones. */
export interface FeatureAdditions {
  readonly vocabulary?: EventVocabulary;
  readonly definitions?: Readonly<Record<string, FeatureDefinitionInput>>;
  /** Feature name -> where it was written (`scoring.features` or a feature file), kept in the spec. */
  readonly origins?: Readonly<Record<string, string>>;
}

/** The origin of features written inline in scorebridge.yaml. */
export const INLINE_ORIGIN = 'scoring.features';

export const BUILTIN_SET_NAMES: Readonly<Record<EntityType, string>> = {
  contact: 'contact.v1',
  account: 'account.v1',
};

const builtins = new Map<EntityType, FeatureSet>();
const stored = new Map<string, FeatureSet>();

export function featureSetFromSpec(entityType: EntityType, name: string, spec: FeatureSpec): FeatureSet {
  return { entityType, name, spec, plan: lowerFeatures(entityType, spec.definitions, spec.vocabulary) };
}

/** The built-in catalog of an entity type, lowered once. */
export function builtinFeatureSet(entityType: EntityType): FeatureSet {
  let set = builtins.get(entityType);
  if (!set) {
    const spec = { vocabulary: builtinVocabulary(), definitions: { ...builtinDefinitions(entityType) } };
    set = featureSetFromSpec(entityType, BUILTIN_SET_NAMES[entityType], spec);
    builtins.set(entityType, set);
  }
  return set;
}

/** What the features compute; where they were written (origins) does not change the name. */
function specHash(spec: FeatureSpec): string {
  const computed = { vocabulary: spec.vocabulary, definitions: spec.definitions };
  return createHash('sha256').update(JSON.stringify(computed)).digest('hex').slice(0, 12);
}

/**
 * The features a new model of this entity type trains on: the built-in catalog plus additions. A
 * user feature with a built-in name replaces the built-in one.
 */
export function featureSetFor(entityType: EntityType, additions: FeatureAdditions = {}): FeatureSet {
  const builtin = builtinFeatureSet(entityType);
  const extra = additions.definitions ?? {};
  if (Object.keys(extra).length === 0 && additions.vocabulary === undefined) return builtin;
  const origins = Object.entries(additions.origins ?? {}).filter(([name]) => Object.hasOwn(extra, name));
  const spec: FeatureSpec = {
    vocabulary: additions.vocabulary
      ? mergeVocabularies(builtin.spec.vocabulary, additions.vocabulary)
      : builtin.spec.vocabulary,
    definitions: { ...builtin.spec.definitions, ...extra },
    ...(origins.length > 0 ? { origins: Object.fromEntries(origins) } : {}),
  };
  return featureSetFromSpec(entityType, `${entityType}.custom.${specHash(spec)}`, spec);
}

/**
 * The feature set a stored model was trained with: its stored spec, or for models trained before
 * specs were stored, the built-in catalog it was named after.
 */
export function featureSetOf(model: {
  readonly featureSet: string;
  readonly featureSpec?: unknown;
  readonly entityType?: EntityType;
}): FeatureSet {
  if (model.featureSpec !== undefined) {
    const entityType: EntityType =
      model.entityType ?? (model.featureSet.startsWith('contact') ? 'contact' : 'account');
    // Models trained on the same definitions share one set (and so one evaluator, one SQL plan).
    const key = `${entityType}|${model.featureSet}|${JSON.stringify(model.featureSpec)}`;
    let set = stored.get(key);
    if (!set) {
      set = featureSetFromSpec(entityType, model.featureSet, featureSpecSchema.parse(model.featureSpec));
      if (stored.size > 64) stored.clear();
      stored.set(key, set);
    }
    return set;
  }
  const entityType = (Object.keys(BUILTIN_SET_NAMES) as EntityType[]).find(
    (t) => BUILTIN_SET_NAMES[t] === model.featureSet,
  );
  if (!entityType)
    throw new Error(
      `unknown feature set "${model.featureSet}" and no stored feature definitions; retrain the model`,
    );
  return builtinFeatureSet(entityType);
}

export function featureNames(set: FeatureSet): string[] {
  return set.plan.features.map((f) => f.name);
}

/** The explain catalog of a feature set: what reasons are rendered from. */
export function featureCatalog(set: FeatureSet): FeatureDescriptor[] {
  return set.plan.features.map((f) => f.descriptor);
}

export function isCategorical(set: FeatureSet): boolean[] {
  return set.plan.features.map((f) => f.type === 'categorical');
}

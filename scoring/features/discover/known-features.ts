import type { EntityType } from '../../../core/schema/index.ts';
import { customPropertyName } from '../plan/attributes.ts';
import { expandEventNames, isDeclaredGroup } from '../plan/event-names.ts';
import { builtinDefinitions, builtinVocabulary } from '../vocabulary/builtin.ts';
import type { EventVocabulary, FeatureDefinitionInput, PredicateInput } from '../vocabulary/schema.ts';

/**
 * What the features a model already gets compute, so discovery does not propose it again: the
 * built-in catalog and the config's own features. A measure is keyed by what it reads (one stored
 * event name, the window, the filter), not by the feature's name.
 */
export interface KnownFeature {
  readonly name: string;
  /** `built-in`, `scoring.features` or a feature file. */
  readonly origin: string;
}

export class KnownFeatures {
  private readonly byKey = new Map<string, KnownFeature>();
  private readonly properties = new Map<string, KnownFeature>();
  private readonly filters: FilteredCount[] = [];
  readonly names = new Set<string>();
  readonly vocabulary: EventVocabulary;

  constructor(vocabulary: EventVocabulary) {
    this.vocabulary = vocabulary;
  }

  add(name: string, definition: FeatureDefinitionInput, origin: string): void {
    this.names.add(name);
    const known = { name, origin };
    if (definition.property) {
      const custom = customPropertyName(definition.property);
      if (custom && !custom.onAccount) this.properties.set(custom.name, known);
      return;
    }
    for (const key of measureKeys(definition, this.vocabulary))
      if (!this.byKey.has(key)) this.byKey.set(key, known);
    const filter = filteredCount(definition, this.vocabulary);
    if (filter) this.filters.push({ ...filter, known });
  }

  /**
   * The count already reading these events in this window filtered on a test the value passes:
   * `page contains pricing` already counts `page = /pricing`.
   */
  filtering(storedName: string, window: string, property: string, value: string): KnownFeature | undefined {
    const text = value.toLowerCase();
    const passes = (predicate: PredicateInput): boolean => {
      const same = (x: string | number) => String(x).toLowerCase() === text;
      if (predicate.equals !== undefined) return same(predicate.equals);
      if (predicate.in) return predicate.in.some(same);
      if (predicate.contains) return text.includes(predicate.contains.toLowerCase());
      if (predicate.contains_any) return predicate.contains_any.some((n) => text.includes(n.toLowerCase()));
      return false;
    };
    return this.filters.find(
      (f) =>
        f.window === window &&
        f.names.includes(storedName) &&
        f.properties.includes(property) &&
        passes(f.predicate),
    )?.known;
  }

  /** The feature already computing this measure of this stored event name, if any. */
  computing(measure: MeasureShape, storedName: string): KnownFeature | undefined {
    return this.byKey.get(keyOf(measure, storedName));
  }

  /** The feature already reading `properties.<key>`, if any. */
  readingProperty(key: string): KnownFeature | undefined {
    return this.properties.get(key);
  }
}

interface FilteredCount {
  readonly names: readonly string[];
  readonly window: string;
  /** Where the filtered property may be stored (events.properties). */
  readonly properties: readonly string[];
  readonly predicate: PredicateInput;
  readonly known: KnownFeature;
}

/** A count of events of one name with one condition on one property, if the definition is one. */
function filteredCount(
  definition: FeatureDefinitionInput,
  vocabulary: EventVocabulary,
): Omit<FilteredCount, 'known'> | null {
  if (definition.count === undefined || definition.count === 'deals' || definition.of === 'account')
    return null;
  const conditions = Object.entries(definition.where ?? {});
  if (conditions.length !== 1) return null;
  const [property, predicate] = conditions[0]!;
  return {
    names: expandEventNames(definition.count, vocabulary) ?? [],
    window: definition.window ?? 'all',
    properties: vocabulary.properties[property] ?? [property],
    predicate,
  };
}

/** The part of a definition that says what is computed, apart from which events. */
export interface MeasureShape {
  readonly kind: 'count' | 'days_since_last' | 'trend' | 'distinct_person' | 'average';
  readonly window?: string;
  readonly recent?: string;
  readonly previous?: string;
  readonly where?: unknown;
  readonly property?: string;
}

function keyOf(measure: MeasureShape, storedName: string): string {
  return JSON.stringify([
    measure.kind,
    storedName,
    measure.window ?? 'all',
    measure.recent ?? '',
    measure.previous ?? '',
    measure.where ?? null,
    measure.property ?? '',
  ]);
}

/**
 * The keys a definition covers: one per stored name it reads when it reads a single well-known
 * name (a group such as `activity` is a different measure than each of its members).
 */
function measureKeys(definition: FeatureDefinitionInput, vocabulary: EventVocabulary): string[] {
  if (definition.of === 'account' || definition.deals !== undefined) return [];
  const single = (written: string | readonly string[] | undefined): string | null => {
    if (written === undefined) return null;
    const list = typeof written === 'string' ? [written] : written;
    if (list.length !== 1 || isDeclaredGroup(list[0]!, vocabulary)) return null;
    return list[0]!;
  };
  let shape: MeasureShape | null = null;
  let written: string | null = null;
  if (definition.count !== undefined) {
    written = single(definition.count);
    shape = {
      kind: 'count',
      ...(definition.window ? { window: definition.window } : {}),
      where: definition.where,
    };
  } else if (definition.days_since_last !== undefined) {
    written = single(definition.days_since_last);
    shape = { kind: 'days_since_last' };
  } else if (definition.trend !== undefined) {
    written = single(definition.trend);
    shape = {
      kind: 'trend',
      ...(definition.recent ? { recent: definition.recent } : {}),
      ...(definition.previous ? { previous: definition.previous } : {}),
    };
  } else if (definition.distinct === 'person') {
    written = single(definition.events);
    shape = { kind: 'distinct_person', ...(definition.window ? { window: definition.window } : {}) };
  } else if (definition.average !== undefined && typeof definition.average === 'object') {
    written = single(definition.events);
    shape = {
      kind: 'average',
      ...(definition.window ? { window: definition.window } : {}),
      property: definition.average.property,
    };
  }
  if (!shape || !written) return [];
  const stored = expandEventNames(written, vocabulary) ?? [];
  return stored.map((name) => keyOf(shape, name));
}

export const BUILTIN_ORIGIN = 'built-in';

/** The built-in catalog and the config's features of an entity type, except those from `replacing`. */
export function knownFeatures(
  entityType: EntityType,
  vocabulary: EventVocabulary | undefined,
  additions: Readonly<Record<string, FeatureDefinitionInput>> = {},
  origins: Readonly<Record<string, string>> = {},
  replacing?: string,
): KnownFeatures {
  const known = new KnownFeatures(vocabulary ?? builtinVocabulary());
  for (const [name, definition] of Object.entries(builtinDefinitions(entityType)))
    known.add(name, definition, BUILTIN_ORIGIN);
  for (const [name, definition] of Object.entries(additions)) {
    const origin = origins[name] ?? 'scoring.features';
    if (replacing !== undefined && origin === replacing) continue;
    known.add(name, definition, origin);
  }
  return known;
}

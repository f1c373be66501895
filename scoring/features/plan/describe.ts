/** How a feature definition reads to people: its kind, label and window in words (feature-catalog descriptors). */
import type { FeatureDescriptor, FeatureKind } from '../../explain/feature-catalog.ts';
import type { FeatureDefinitionInput } from '../vocabulary/schema.ts';
import { MEASURE_KEYS, type MeasureKey } from '../vocabulary/schema.ts';

export function windowDays(window: string | undefined): number | null {
  return window === undefined || window === 'all' ? null : Number(window.slice(0, -1));
}

/** The measure a definition names (exactly one, checked by the schema). */
export function measureKeyOf(definition: FeatureDefinitionInput): MeasureKey {
  return MEASURE_KEYS.find((key) => definition[key] !== undefined)!;
}

const KIND_BY_KEY: Record<MeasureKey, FeatureKind> = {
  count: 'count',
  sum: 'number',
  average: 'number',
  min: 'number',
  max: 'number',
  distinct: 'count',
  exists: 'flag',
  days_since_last: 'days',
  days_since_first: 'days',
  trend: 'trend',
  ratio: 'ratio',
  share: 'ratio',
  property: 'number',
  days_since: 'days',
};

function humanize(text: string): string {
  return text
    .replace(/^(account|properties)\./, '')
    .replace(/[._-]+/g, ' ')
    .trim();
}

/** Label when none is written: the events or attribute the feature reads, in words. */
function defaultLabel(definition: FeatureDefinitionInput, key: MeasureKey, name: string): string {
  const what = definition[key];
  if (typeof what === 'string' && what !== 'deals' && what !== 'deal') return humanize(what);
  if (Array.isArray(what) && typeof what[0] === 'string' && key !== 'ratio' && key !== 'share')
    return what.map(humanize).join(' or ');
  return humanize(name);
}

function windowPhrase(definition: FeatureDefinitionInput): string | undefined {
  if (definition.phrase !== undefined) return definition.phrase === '' ? undefined : definition.phrase;
  if (definition.trend !== undefined && definition.recent && definition.previous)
    return `in the last ${windowDays(definition.recent)} days vs the ${windowDays(definition.previous)} days before`;
  const days = windowDays(definition.window);
  return days === null ? undefined : `in the last ${days} days`;
}

export function describeFeature(
  name: string,
  definition: FeatureDefinitionInput,
  type: 'numeric' | 'categorical',
): FeatureDescriptor {
  const key = measureKeyOf(definition);
  const kind: FeatureKind = definition.format ?? (type === 'categorical' ? 'category' : KIND_BY_KEY[key]);
  const window = windowPhrase(definition);
  return {
    name,
    label: definition.label ?? defaultLabel(definition, key, name),
    kind,
    ...(window ? { window } : {}),
    ...(definition.unit ? { unit: definition.unit } : {}),
    ...(definition.singular ? { singular: definition.singular } : {}),
    ...(definition.template ? { template: definition.template } : {}),
  };
}

import type { EntityType } from '../../core/schema/index.ts';
import type { FeatureDescriptor, TemplateCase } from '../explain/feature-catalog.ts';
import type { PointInTimeView } from './point-in-time.ts';

/**
 * One feature, defined once: how it is computed from the point-in-time view, and (its descriptor)
 * how it is named and phrased for people. Training, batch scoring, the single-entity path and the
 * reasons on every score all read these.
 */
export interface FeatureDefinition {
  readonly descriptor: FeatureDescriptor;
  readonly type: 'numeric' | 'categorical';
  /** Numeric value (NaN = unknown) or a category label (null = unknown). */
  readonly compute: (view: PointInTimeView) => number | string | null;
}

export interface FeatureSet {
  readonly entityType: EntityType;
  /** Name stored with models so a model is only ever fed the feature set it was trained on. */
  readonly name: string;
  readonly definitions: readonly FeatureDefinition[];
}

type Compute = (view: PointInTimeView) => number;
type Templates = Partial<Record<TemplateCase, string>>;

function numericFeature(descriptor: FeatureDescriptor, compute: Compute): FeatureDefinition {
  return { descriptor, type: 'numeric', compute };
}

/** "3 logins in the last 30 days" / "no logins in the last 30 days". */
export function countFeature(
  name: string,
  label: string,
  singular: string,
  window: string | undefined,
  compute: Compute,
) {
  return numericFeature({ name, label, singular, kind: 'count', ...(window ? { window } : {}) }, compute);
}

/** "no login for 21 days"; `template` rephrases ages ("customer for 200 days"). */
export function daysFeature(name: string, label: string, compute: Compute, template?: Templates) {
  return numericFeature({ name, label, kind: 'days', ...(template ? { template } : {}) }, compute);
}

/** Relative change, -0.6 = down 60 %: "logins down 60% vs the previous 30 days". */
export function trendFeature(name: string, label: string, window: string, compute: Compute) {
  return numericFeature({ name, label, kind: 'trend', window }, compute);
}

export function ratioFeature(name: string, label: string, window: string | undefined, compute: Compute) {
  return numericFeature({ name, label, kind: 'ratio', ...(window ? { window } : {}) }, compute);
}

export function moneyFeature(name: string, label: string, window: string | undefined, compute: Compute) {
  return numericFeature({ name, label, kind: 'money', ...(window ? { window } : {}) }, compute);
}

export function numberFeature(name: string, label: string, compute: Compute, unit?: string) {
  return numericFeature({ name, label, kind: 'number', ...(unit ? { unit } : {}) }, compute);
}

export function flagFeature(name: string, label: string, compute: Compute, template?: Templates) {
  return numericFeature({ name, label, kind: 'flag', ...(template ? { template } : {}) }, compute);
}

export function categoryFeature(
  name: string,
  label: string,
  compute: (view: PointInTimeView) => string | null,
) {
  return {
    descriptor: { name, label, kind: 'category' },
    type: 'categorical',
    compute,
  } satisfies FeatureDefinition;
}

/** Days from an earlier instant to the cutoff; NaN when the instant is unknown. */
export function daysSince(view: PointInTimeView, instantMs: number): number {
  return Number.isNaN(instantMs) ? Number.NaN : (view.cutoffMs - instantMs) / 86_400_000;
}

/**
 * Relative change of the daily rate in a recent window against the window before it: 0 = same
 * rate, 1 = twice, -0.5 = half. 0/0 is 0 (no change); an empty earlier window counts as half an
 * event so growth from nothing stays finite; capped at +9 (ten times).
 */
export function trendChange(
  recent: number,
  recentDays: number,
  previous: number,
  previousDays: number,
): number {
  if (recent === 0 && previous === 0) return 0;
  const ratio = recent / recentDays / (Math.max(previous, 0.5) / previousDays);
  return Math.min(10, ratio) - 1;
}

/** a / b, NaN when b is unknown or zero. */
export function safeRatio(a: number, b: number): number {
  return Number.isFinite(b) && b > 0 && Number.isFinite(a) ? a / b : Number.NaN;
}

export function featureNames(set: FeatureSet): string[] {
  return set.definitions.map((d) => d.descriptor.name);
}

/** The explain catalog of a feature set: what reasons are rendered from. */
export function featureCatalog(set: FeatureSet): FeatureDescriptor[] {
  return set.definitions.map((d) => d.descriptor);
}

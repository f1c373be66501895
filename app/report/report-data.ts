import type { FeatureDescriptor } from '../../scoring/explain/feature-catalog.ts';
import {
  builtinFeatureSet,
  type FeatureSet,
  featureCatalog,
  featureSetOf,
} from '../../scoring/features/feature-set.ts';
import { parseBinaryArtifact } from '../../scoring/models/binary-artifact.ts';
import type { ModelSpec } from '../../scoring/models/model-specs.ts';
import type { ModelRecord, ModelRegistry, ModelRun } from '../../scoring/registry/model-registry.ts';
import { type FeatureProvenance, featureProvenance, originText } from './feature-origins.ts';

/** What the report shows for one configured model: its champion, newest version and latest scoring run. */
export interface ModelReport {
  readonly spec: ModelSpec;
  readonly promoted: ModelRecord | null;
  /** The newest version when it is not the champion (e.g. a rejected retrain). */
  readonly newest: ModelRecord | null;
  readonly run: ModelRun | null;
  readonly labels: ReadonlyMap<string, string>;
  /** Where the champion's features came from (lead/churn models that store their feature spec). */
  readonly features: FeatureProvenance | null;
}

export interface LiftBand {
  readonly band: number;
  readonly toPercent: number;
  readonly count: number;
  readonly positives: number;
  readonly rate: number;
  readonly lift: number | null;
  readonly cumulativeGainPercent: number | null;
}

export interface CalibrationBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly meanPredicted: number | null;
  readonly observedRate: number | null;
}

export interface BinaryReportMetrics {
  readonly holdout: {
    readonly rows: number;
    readonly positives: number;
    readonly baseRate: number | null;
    readonly rocAuc: number | null;
    readonly prAuc: number | null;
    readonly logLoss: number | null;
    readonly brier: number | null;
    readonly ece: number | null;
    readonly lift: { readonly bands: readonly LiftBand[] };
    readonly reliability: readonly CalibrationBin[];
    readonly scoreHistogram: readonly number[];
  };
  readonly chosen: string;
  readonly calibration: string;
  readonly candidates: readonly {
    name: string;
    calibrationLogLoss: number | null;
    calibrationRocAuc: number | null;
  }[];
  readonly importance: readonly { feature: string; meanAbsShap: number }[];
  readonly cutoffs: {
    readonly holdout: string;
    readonly calibration: readonly string[];
    readonly fit: readonly string[];
  };
  readonly championOnHoldout?: number | null;
}

export interface DriftEntry {
  readonly feature: string;
  readonly psi: number;
  readonly status: string;
}

/** Summary stored by a lead/churn scoring run (see scoring/batch/score-binary.ts). */
export interface BinaryRunSummary {
  readonly tiers: Readonly<Record<string, number>>;
  readonly histogram: readonly number[];
  readonly drift: {
    readonly rows: number;
    readonly score: DriftEntry;
    readonly features: readonly DriftEntry[];
    readonly warn: number;
    readonly alert: number;
  };
}

export function isBinary(spec: ModelSpec): boolean {
  return spec.kind === 'lead' || spec.kind === 'churn';
}

/** The promoted lead/churn model's own feature set; null when it has none the report can read. */
function promotedFeatureSet(spec: ModelSpec, promoted: ModelRecord | null): FeatureSet | null {
  if (!promoted || !isBinary(spec)) return null;
  try {
    return featureSetOf(parseBinaryArtifact(promoted.artifact, spec.name));
  } catch {
    // A model the report cannot read still gets the built-in words.
    return null;
  }
}

/** Feature name -> words, from the model's own feature definitions (else the built-in catalog). */
function labelsFor(spec: ModelSpec, set: FeatureSet | null): Map<string, string> {
  const catalog: FeatureDescriptor[] = featureCatalog(set ?? builtinFeatureSet(spec.entity));
  return new Map(catalog.map((d) => [d.name, d.window ? `${d.label} ${d.window}` : d.label]));
}

export function collectReports(
  registry: ModelRegistry,
  specs: readonly ModelSpec[],
  only?: ModelSpec['kind'][],
): ModelReport[] {
  return specs
    .filter((spec) => spec.enabled && (!only || only.includes(spec.kind)))
    .map((spec) => {
      const promoted = registry.promoted(spec.name);
      const newest = registry.list(spec.name)[0] ?? null;
      const set = promotedFeatureSet(spec, promoted);
      return {
        spec,
        promoted,
        newest: newest && newest.version !== promoted?.version ? newest : null,
        run: registry.latestRun(spec.name),
        labels: labelsFor(spec, set),
        features: set ? featureProvenance(set) : null,
      };
    });
}

export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : `${(100 * value).toFixed(digits)}%`;
}

export type ReportTable = { readonly headers: readonly string[]; readonly rows: (string | number)[][] };

/** The holdout tables both renderers print (text for terminals, HTML for the report file). */
export function liftTableRows(h: BinaryReportMetrics['holdout']): ReportTable {
  return {
    headers: ['decile', 'top %', 'rows', 'positives', 'rate', 'lift', 'cumulative gain'],
    rows: h.lift.bands.map((b) => [
      b.band,
      Math.round(b.toPercent),
      b.count,
      b.positives,
      percent(b.rate),
      fixed(b.lift, 2),
      percent((b.cumulativeGainPercent ?? Number.NaN) / 100, 0),
    ]),
  };
}

export function calibrationTableRows(h: BinaryReportMetrics['holdout']): ReportTable {
  return {
    headers: ['predicted range', 'rows', 'mean predicted', 'observed'],
    rows: h.reliability
      .filter((b) => b.count > 0)
      .map((b) => [
        `${percent(b.lower, 0)}-${percent(b.upper, 0)}`,
        b.count,
        percent(b.meanPredicted),
        percent(b.observedRate),
      ]),
  };
}

/** Top features by importance, with where each came from when the model says. */
export function importanceTableRows(
  m: BinaryReportMetrics,
  labels: ReadonlyMap<string, string>,
  top: number,
  provenance: FeatureProvenance | null = null,
): ReportTable {
  const rows = m.importance.slice(0, top);
  if (!provenance)
    return {
      headers: ['feature', 'meaning', 'mean |SHAP|'],
      rows: rows.map((f) => [f.feature, labels.get(f.feature) ?? '', fixed(f.meanAbsShap, 4)]),
    };
  return {
    headers: ['feature', 'origin', 'meaning', 'mean |SHAP|'],
    rows: rows.map((f) => [
      f.feature,
      originText(provenance.origins.get(f.feature)),
      labels.get(f.feature) ?? '',
      fixed(f.meanAbsShap, 4),
    ]),
  };
}

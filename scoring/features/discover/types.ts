import type { EntityType } from '../../../core/schema/index.ts';
import type { FeatureAdditions } from '../feature-set.ts';
import type { FeatureDefinitionInput } from '../vocabulary/schema.ts';

/**
 * What `scorebridge features discover` works with: candidates found in the store (event names,
 * event properties, CRM properties), the features proposed from them, and the candidates dropped
 * with the reason, measured.
 */

export interface DiscoverOptions {
  readonly entityTypes: readonly EntityType[];
  /** Only data before this instant is profiled; outcomes are measured up to it. */
  readonly asOfMs: number;
  /** Least share of entities a candidate must cover (events: have one; properties: have a value). */
  readonly minCoverage?: number;
  /** Prediction horizons of the lead and churn models (the labels leakage is measured against). */
  readonly horizons?: { readonly lead?: number; readonly churn?: number };
  /** Features the config already adds (scoring.features and feature files), with their origins. */
  readonly additions?: Partial<Record<EntityType, FeatureAdditions>>;
  /** An origin (the feature file being rewritten) whose features may be proposed again. */
  readonly replacing?: string;
  /** A property separating an outcome at least this well (AUC) leaks it. */
  readonly leakAuc?: number;
}

export const DISCOVER_DEFAULTS = {
  minCoverage: 0.1,
  horizonDays: 90,
  leakAuc: 0.95,
  /** Lower bar when the name itself suggests the outcome (won, churn, cancel...). */
  suspiciousLeakAuc: 0.85,
  /** Event names profiled, most rows first. */
  maxEventNames: 40,
  /** Least events of a name before features are proposed from it. */
  minEventRows: 30,
  /** Least entities (absolute) a candidate must cover. */
  minEntities: 10,
  /** Categories of a property beyond which it is too many to learn from. */
  maxCategories: 20,
  /** Values of an event property counted separately (most frequent first). */
  topValues: 3,
  /** Least share of an event's rows carrying a property for it to be profiled. */
  minPropertyShare: 0.5,
  /** Events per entity per 30 days (last 90 days) for a 30-vs-30 trend to mean something. */
  minTrendRate: 1,
  /** Share of values parsing as numbers for a property to be read as a number. */
  numericShare: 0.95,
  /** Distinct values / values at which a text property is an identifier. */
  identifierDistinct: 0.9,
  /** Share of values looking like e-mails, URLs, phone numbers or ids for a property to be one. */
  patternShare: 0.8,
  /** Least positives and negatives for a leakage measurement. */
  minOutcomes: 5,
} as const;

export type CandidateSource = 'event' | 'event_property' | 'crm_property';

/** Why a candidate is not proposed. */
export type DropReason =
  | 'sparse'
  | 'constant'
  | 'identifier'
  | 'too_many_categories'
  | 'leak'
  | 'stale'
  | 'already_computed'
  | 'already_defined'
  | 'unusable_name';

/** One leakage measurement: how well a property tells entities with an outcome from the others. */
export interface LeakMeasurement {
  /** The outcome, in words: "contacts that converted before 2026-11-01". */
  readonly outcome: string;
  readonly positives: number;
  readonly negatives: number;
  /** ROC-AUC of the best reading (its values, or whether it has one); 0.5 = none, 1 = perfect. */
  readonly auc: number;
  readonly by: 'values' | 'presence';
  /** Share of positives / negatives that have a value. */
  readonly presentPositives: number;
  readonly presentNegatives: number;
  /** Has a value (nearly) only for entities with the outcome. */
  readonly onlyWithOutcome: boolean;
}

export interface ProposedFeature {
  readonly name: string;
  readonly definition: FeatureDefinitionInput;
  readonly source: CandidateSource;
  /** What it was found from: `report_exported`, `feature_use.feature = dashboards`, `properties.tier`. */
  readonly subject: string;
  /** How it was found, in words (also the YAML comment). */
  readonly found: string;
  /** Share of entities the subject covers. */
  readonly coverage: number;
  /** Events (event sources) or entities with a value (properties). */
  readonly count: number;
  /** The strongest leakage measurement, for properties. */
  readonly leak?: LeakMeasurement;
  /** A caution kept with the feature (e.g. a suspicious name that measured clean). */
  readonly note?: string;
}

export interface DroppedCandidate {
  readonly subject: string;
  readonly source: CandidateSource;
  readonly reason: DropReason;
  /** The reason in words, with what was measured. */
  readonly detail: string;
  readonly coverage: number;
  readonly count: number;
  readonly leak?: LeakMeasurement;
}

export interface EntityDiscovery {
  readonly entityType: EntityType;
  /** Live entities that existed at the as-of instant. */
  readonly population: number;
  readonly proposed: readonly ProposedFeature[];
  readonly dropped: readonly DroppedCandidate[];
  /** Things worth knowing that are not drops (event names not profiled, unmeasured outcomes). */
  readonly notes: readonly string[];
}

export interface DiscoveryReport {
  readonly asOf: string;
  readonly minCoverage: number;
  readonly leakAuc: number;
  readonly entities: readonly EntityDiscovery[];
}

import type { EntityType } from '../../../core/schema/index.ts';
import type { FeatureDescriptor } from '../../explain/feature-catalog.ts';

/**
 * What a feature set computes, independent of where: the SQL compiler (features/sql) and the
 * in-process evaluator (features/evaluate) both run a FeaturePlan, so a feature cannot mean one
 * thing in the warehouse and another in the API. Every event read is strictly before the cutoff.
 */

/** Whose events or deals: the entity's own, or (for a contact) its whole account's. */
export type Scope = 'self' | 'account';

/**
 * Event age in days at the cutoff, (cutoff - occurredAt) / 1 day, kept when
 * `after < age <= within`; null bounds are open. `{ after: 7, within: 35 }` is the four weeks
 * before the last week.
 */
export interface AgeRange {
  readonly after: number | null;
  readonly within: number | null;
}

/** Where a property is read from: the first of these names present on the event. */
export interface PropertyRef {
  readonly names: readonly string[];
}

export type TextTest =
  | { readonly op: 'in'; readonly values: readonly string[] }
  | { readonly op: 'not_in'; readonly values: readonly string[] }
  | { readonly op: 'contains_any'; readonly values: readonly string[] };
export type NumberTest = { readonly op: 'gt' | 'gte' | 'lt' | 'lte'; readonly value: number };
export type ExistsTest = { readonly op: 'exists'; readonly value: boolean };

/** One condition on an event property; text values are lower-cased here and compared lower-cased. */
export interface Condition {
  readonly property: PropertyRef;
  readonly test: TextTest | NumberTest | ExistsTest;
}

export interface EventSelector {
  /** Event names as stored (aliases and groups expanded), sorted; null = every event. */
  readonly names: readonly string[] | null;
  readonly conditions: readonly Condition[];
}

/** A number read from an event: its value, a numeric property, or a label weighted by a table. */
export type EventValue =
  | { readonly kind: 'value' }
  | { readonly kind: 'property'; readonly ref: PropertyRef }
  | {
      readonly kind: 'weights';
      readonly ref: PropertyRef;
      /** Lower-cased label -> weight. */
      readonly weights: Readonly<Record<string, number>>;
      readonly otherwise: number;
    };

/**
 * An aggregate over events. Empty inputs give 0 for count/sum/distinct and null (unknown) for
 * avg/min/max/first_at/last_at/latest.
 */
export type EventMeasure = {
  readonly source: 'events';
  readonly scope: Scope;
  readonly select: EventSelector;
  readonly range: AgeRange;
} & (
  | { readonly agg: 'count' | 'first_at' | 'last_at' | 'distinct_person' }
  | { readonly agg: 'sum' | 'avg' | 'min' | 'max'; readonly value: EventValue }
  | { readonly agg: 'distinct_value'; readonly ref: PropertyRef }
  /** The value of the latest event (by time, then id) that has one. */
  | { readonly agg: 'latest_number'; readonly value: EventValue }
  | { readonly agg: 'latest_text'; readonly ref: PropertyRef }
);

/** Deals as they stood at the cutoff: only deals created before it, closed only if closed before it. */
export type DealState = 'open' | 'won' | 'lost' | 'any';
export interface DealMeasure {
  readonly source: 'deals';
  readonly scope: Scope;
  readonly state: DealState;
  readonly agg: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'last_created_at' | 'first_created_at';
}

export type Measure = EventMeasure | DealMeasure;

/**
 * A column of the entity as stored now (plan/attributes.ts): `industry`, `account.employees`,
 * `properties.lead_source`. Attributes that change over time (plan, MRR, seats, customer since)
 * are lowered to expressions that keep them point-in-time.
 */
export interface AttributeRef {
  readonly path: string;
  readonly type: 'number' | 'text' | 'instant';
}

/** How a feature's value is computed from measures and attributes. NaN / null = unknown. */
export type Expr =
  | { readonly op: 'measure'; readonly id: number }
  | { readonly op: 'attribute'; readonly ref: AttributeRef }
  /** (cutoff - instant) / 1 day. */
  | { readonly op: 'days_since'; readonly instant: Expr }
  /** Relative change of the daily rate, see trendChange in evaluate/arithmetic.ts. */
  | {
      readonly op: 'trend';
      readonly recent: Expr;
      readonly recentDays: number;
      readonly previous: Expr;
      readonly previousDays: number;
    }
  /** a / b; unknown when b is unknown or not above 0. */
  | { readonly op: 'ratio'; readonly a: Expr; readonly b: Expr }
  /** 1 when the count is above 0, else 0. */
  | { readonly op: 'flag'; readonly count: Expr }
  /** The first of the two that is known. */
  | { readonly op: 'coalesce'; readonly first: Expr; readonly otherwise: Expr }
  /**
   * The value only when the account (a contact's account) was a customer before the cutoff: a
   * prospect's current plan would reveal that it converted later.
   */
  | { readonly op: 'if_customer'; readonly scope: Scope; readonly value: Expr }
  /** The instant only when it lies before the cutoff. */
  | { readonly op: 'before_cutoff'; readonly instant: Expr };

export interface PlannedFeature {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
  readonly expr: Expr;
  readonly descriptor: FeatureDescriptor;
}

export interface FeaturePlan {
  readonly entityType: EntityType;
  /** Deduplicated: features that read the same aggregate share one measure. */
  readonly measures: readonly Measure[];
  readonly features: readonly PlannedFeature[];
}

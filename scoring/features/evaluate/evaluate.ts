import type { Account, Deal } from '../../../core/schema/index.ts';
import { customerSinceMs, existedSinceMs } from '../customer-timeline.ts';
import type { FeatureSet } from '../feature-set.ts';
import { customPropertyName } from '../plan/attributes.ts';
import type { AttributeRef, Expr, FeaturePlan } from '../plan/ir.ts';
import type { RawFeatureValues } from '../raw-table.ts';
import type { EntitySnapshot } from '../snapshot.ts';
import { DAY_MS } from '../time.ts';
import { safeRatio, trendChange } from './arithmetic.ts';
import { propertyText, toNumber } from './event-fields.ts';
import { measureDeals } from './measure-deals.ts';
import {
  type EventMeasureIndex,
  eventNamesReadingProperties,
  indexEventMeasures,
  type MeasureValue,
  measureEvents,
} from './measure-events.ts';

/** What an account contributes to its people's features at one cutoff: computed once, shared by colleagues. */
export interface AccountMeasures {
  readonly cutoffMs: number;
  readonly values: readonly MeasureValue[];
}

/** A person's own event measures at one cutoff, when a caller already holds them (an account bundle). */
export interface SelfMeasures {
  readonly cutoffMs: number;
  readonly values: readonly MeasureValue[];
}

/** Measures a caller computed ahead (see values()). */
export interface SharedMeasures {
  readonly account?: AccountMeasures;
  readonly self?: SelfMeasures;
}

interface Scene {
  readonly snapshot: EntitySnapshot;
  readonly cutoffMs: number;
  readonly measures: readonly MeasureValue[];
  /** customer_since of the entity's account (the account itself for an account). */
  readonly customerSinceMs: number;
}

const asNumber = (value: MeasureValue | undefined): number =>
  typeof value === 'number' ? value : value === null || value === undefined ? Number.NaN : toNumber(value);

function accountAttribute(
  account: Account | null,
  deals: readonly Deal[],
  name: string,
  ref: AttributeRef,
): MeasureValue {
  if (!account) return ref.type === 'text' ? null : Number.NaN;
  switch (name) {
    case 'created_at':
      return existedSinceMs(account);
    case 'customer_since':
      return customerSinceMs(account, deals);
    case 'industry':
      return account.industry;
    case 'country':
      return account.country;
    case 'employees':
      return account.employees ?? Number.NaN;
    case 'annual_revenue':
      return account.annualRevenue ?? Number.NaN;
    case 'plan':
      return account.plan;
    case 'mrr':
      return account.mrr ?? Number.NaN;
    default:
      return null;
  }
}

function propertyValue(
  properties: Readonly<Record<string, unknown>>,
  name: string,
  ref: AttributeRef,
): MeasureValue {
  const text = propertyText(properties, { names: [name] });
  return ref.type === 'number' ? toNumber(text) : text;
}

/** An attribute column as stored now (attributes.ts says which are safe at a cutoff). */
function attribute(scene: Scene, ref: AttributeRef): MeasureValue {
  const { snapshot } = scene;
  const custom = customPropertyName(ref.path);
  if (snapshot.entityType === 'account') {
    if (custom) return propertyValue(snapshot.account.properties, custom.name, ref);
    return accountAttribute(snapshot.account, snapshot.deals, ref.path, ref);
  }
  if (custom?.onAccount)
    return snapshot.account ? propertyValue(snapshot.account.properties, custom.name, ref) : null;
  if (custom) return propertyValue(snapshot.contact.properties, custom.name, ref);
  if (ref.path.startsWith('account.'))
    return accountAttribute(snapshot.account, snapshot.accountDeals, ref.path.slice('account.'.length), ref);
  const { contact } = snapshot;
  switch (ref.path) {
    case 'created_at':
      return existedSinceMs(contact);
    case 'role':
      return contact.role;
    case 'title':
      return contact.title;
    case 'city':
      return contact.city;
    case 'country':
      return contact.country ?? snapshot.account?.country ?? null;
    default:
      return null;
  }
}

const known = (value: MeasureValue): boolean =>
  value !== null && !(typeof value === 'number' && Number.isNaN(value)) && value !== '';

function evaluateExpr(expr: Expr, scene: Scene): MeasureValue {
  switch (expr.op) {
    case 'measure':
      return scene.measures[expr.id] ?? Number.NaN;
    case 'attribute':
      return attribute(scene, expr.ref);
    case 'days_since': {
      const at = asNumber(evaluateExpr(expr.instant, scene));
      return Number.isNaN(at) ? Number.NaN : (scene.cutoffMs - at) / DAY_MS;
    }
    case 'trend':
      return trendChange(
        asNumber(evaluateExpr(expr.recent, scene)),
        expr.recentDays,
        asNumber(evaluateExpr(expr.previous, scene)),
        expr.previousDays,
      );
    case 'ratio':
      return safeRatio(asNumber(evaluateExpr(expr.a, scene)), asNumber(evaluateExpr(expr.b, scene)));
    case 'flag':
      return asNumber(evaluateExpr(expr.count, scene)) > 0 ? 1 : 0;
    case 'coalesce': {
      const first = evaluateExpr(expr.first, scene);
      return known(first) ? first : evaluateExpr(expr.otherwise, scene);
    }
    case 'if_customer':
      return scene.customerSinceMs < scene.cutoffMs ? evaluateExpr(expr.value, scene) : null;
    case 'before_cutoff': {
      const at = asNumber(evaluateExpr(expr.instant, scene));
      return at < scene.cutoffMs ? at : Number.NaN;
    }
  }
}

/**
 * The in-process evaluator of a feature plan, for one entity at a time (the API, webhooks, tests):
 * the same plan the SQL compiler turns into one query per population.
 */
export class FeatureEvaluator {
  readonly set: FeatureSet;
  readonly #self: EventMeasureIndex;
  readonly #account: EventMeasureIndex;
  /** Events whose properties the plan reads, and how far back (see eventNamesReadingProperties). */
  readonly propertyEventNames: ReadonlyMap<string, number> | 'all';

  constructor(set: FeatureSet) {
    this.set = set;
    this.#self = indexEventMeasures(set.plan, 'self');
    this.#account = indexEventMeasures(set.plan, 'account');
    this.propertyEventNames = eventNamesReadingProperties(set.plan);
  }

  get plan(): FeaturePlan {
    return this.set.plan;
  }

  /** Account-scope measures of a contact's account; colleagues at one cutoff share them. */
  accountMeasures(
    events: EntitySnapshot['events'],
    deals: readonly Deal[],
    cutoffMs: number,
  ): AccountMeasures {
    const values: MeasureValue[] = [];
    measureEvents(this.plan, this.#account, events, cutoffMs, values);
    measureDeals(this.plan, 'account', deals, cutoffMs, values);
    return { cutoffMs, values };
  }

  /** A person's own event measures (self scope) over their events. */
  selfMeasures(events: EntitySnapshot['events'], cutoffMs: number): SelfMeasures {
    const values: MeasureValue[] = [];
    measureEvents(this.plan, this.#self, events, cutoffMs, values);
    return { cutoffMs, values };
  }

  /**
   * The entity's feature values in feature-set order: numbers (NaN = unknown) or labels (null).
   * `shared` measures computed ahead for the same cutoff are used instead of reading the events.
   */
  values(snapshot: EntitySnapshot, cutoffMs: number, shared: SharedMeasures = {}): RawFeatureValues {
    const measures: MeasureValue[] = [];
    const { account, self } = shared;
    if (self && self.cutoffMs === cutoffMs)
      self.values.forEach((value, id) => {
        if (value !== undefined) measures[id] = value;
      });
    else measureEvents(this.plan, this.#self, snapshot.events, cutoffMs, measures);
    let customerSince: number;
    if (snapshot.entityType === 'account') {
      measureDeals(this.plan, 'self', snapshot.deals, cutoffMs, measures);
      customerSince = customerSinceMs(snapshot.account, snapshot.deals);
    } else {
      measureDeals(this.plan, 'self', snapshot.contactDeals, cutoffMs, measures);
      const shared =
        account && account.cutoffMs === cutoffMs
          ? account
          : this.accountMeasures(snapshot.accountEvents, snapshot.accountDeals, cutoffMs);
      shared.values.forEach((value, id) => {
        if (value !== undefined) measures[id] = value;
      });
      customerSince = snapshot.account
        ? customerSinceMs(snapshot.account, snapshot.accountDeals)
        : Number.NaN;
    }
    const scene: Scene = { snapshot, cutoffMs, measures, customerSinceMs: customerSince };
    return this.plan.features.map((feature) => {
      const value = evaluateExpr(feature.expr, scene);
      if (feature.type === 'categorical') return typeof value === 'string' && value.length > 0 ? value : null;
      const number = asNumber(value);
      return Number.isFinite(number) ? number : Number.NaN;
    });
  }
}

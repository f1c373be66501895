import type { ConfigPath } from '../../../core/config/path.ts';
import { closest } from '../../../core/config/suggest.ts';
import type { EntityType } from '../../../core/schema/index.ts';
import { featureCatalogSchema } from '../../explain/feature-catalog.ts';
import type {
  EventVocabulary,
  FeatureDefinitionInput,
  MeasureKey,
  PredicateInput,
  ValueInput,
} from '../vocabulary/schema.ts';
import { resolveAttribute } from './attributes.ts';
import { describeFeature, measureKeyOf, windowDays } from './describe.ts';
import { expandEventNames, propertyRef } from './event-names.ts';
import type {
  AgeRange,
  Condition,
  DealMeasure,
  EventMeasure,
  EventSelector,
  EventValue,
  Expr,
  FeaturePlan,
  Measure,
  PlannedFeature,
  Scope,
} from './ir.ts';

/** A problem in a definition, at a path below the feature map (`[name, 'window']`). */
export interface PlanIssue {
  readonly path: ConfigPath;
  readonly message: string;
  readonly hint?: string;
}

export class FeaturePlanError extends Error {
  readonly issues: readonly PlanIssue[];
  constructor(issues: readonly PlanIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}${i.hint ? `; ${i.hint}` : ''}`).join('\n'));
    this.name = 'FeaturePlanError';
    this.issues = issues;
  }
}

const lower = (value: string | number) => String(value).toLowerCase();

function condition(property: string, predicate: PredicateInput, vocabulary: EventVocabulary): Condition {
  const ref = propertyRef(property, vocabulary);
  if (predicate.equals !== undefined)
    return { property: ref, test: { op: 'in', values: [lower(predicate.equals)] } };
  if (predicate.in) return { property: ref, test: { op: 'in', values: predicate.in.map(lower) } };
  if (predicate.not_in) return { property: ref, test: { op: 'not_in', values: predicate.not_in.map(lower) } };
  if (predicate.contains !== undefined)
    return { property: ref, test: { op: 'contains_any', values: [lower(predicate.contains)] } };
  if (predicate.contains_any)
    return { property: ref, test: { op: 'contains_any', values: predicate.contains_any.map(lower) } };
  if (predicate.exists !== undefined)
    return { property: ref, test: { op: 'exists', value: predicate.exists } };
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const value = predicate[op];
    if (value !== undefined) return { property: ref, test: { op, value } };
  }
  throw new Error('unreachable: predicate has no test');
}

/** Canonical text of a value, so equal measures written twice share one aggregate. */
function keyOf(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

class Planner {
  readonly measures: Measure[] = [];
  readonly #ids = new Map<string, number>();
  readonly issues: PlanIssue[] = [];

  measure(m: Measure): Expr {
    const key = keyOf(m);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.measures.length;
      this.measures.push(m);
      this.#ids.set(key, id);
    }
    return { op: 'measure', id };
  }

  issue(path: ConfigPath, message: string, hint?: string): null {
    this.issues.push(hint ? { path, message, hint } : { path, message });
    return null;
  }
}

interface Context {
  readonly entityType: EntityType;
  readonly vocabulary: EventVocabulary;
  readonly definitions: Readonly<Record<string, FeatureDefinitionInput>>;
  readonly planner: Planner;
}

function scopeOf(ctx: Context, name: string, definition: FeatureDefinitionInput): Scope {
  if (definition.of === 'account' && ctx.entityType === 'contact') return 'account';
  if (definition.of === 'account')
    ctx.planner.issue([name, 'of'], 'account features already read the whole account; remove `of`');
  return 'self';
}

function selector(
  ctx: Context,
  definition: FeatureDefinitionInput,
  events: string | readonly string[],
): EventSelector {
  const conditions = Object.entries(definition.where ?? {}).map(([property, predicate]) =>
    condition(property, predicate, ctx.vocabulary),
  );
  return { names: expandEventNames(events, ctx.vocabulary), conditions };
}

function eventValue(ctx: Context, path: ConfigPath, value: ValueInput): EventValue | null {
  if (value === 'value') return { kind: 'value' };
  if (value === 'amount')
    return ctx.planner.issue(path, '`amount` is a deal field; events have `value` or a property');
  const ref = propertyRef(value.property, ctx.vocabulary);
  if (value.weights) {
    const weights = Object.fromEntries(
      Object.entries(value.weights).map(([label, w]) => [label.toLowerCase(), w]),
    );
    return { kind: 'weights', ref, weights, otherwise: value.default ?? 0 };
  }
  if (value.default !== undefined)
    return ctx.planner.issue([...path, 'default'], '`default` goes with `weights`');
  return { kind: 'property', ref };
}

const AGGREGATES: Partial<Record<MeasureKey, 'sum' | 'avg' | 'min' | 'max'>> = {
  sum: 'sum',
  average: 'avg',
  min: 'min',
  max: 'max',
};

/** Aggregates over deals: `count: deals`, `sum: amount`, `days_since_last: deal`. */
function dealExpr(
  ctx: Context,
  name: string,
  definition: FeatureDefinitionInput,
  key: MeasureKey,
): Expr | null {
  const state = definition.deals!;
  const scope = scopeOf(ctx, name, definition);
  const base = { source: 'deals', scope, state } as const;
  const path = [name, key];
  for (const extra of ['events', 'where', 'window'] as const)
    if (definition[extra] !== undefined)
      return ctx.planner.issue(
        [name, extra],
        `deal features read deals as they stood at the cutoff; \`${extra}\` does not apply`,
      );
  if (key === 'count') {
    if (definition.count !== 'deals') return ctx.planner.issue(path, 'with `deals:` write `count: deals`');
    return ctx.planner.measure({ ...base, agg: 'count' } satisfies DealMeasure);
  }
  const aggregate = AGGREGATES[key];
  if (aggregate) {
    if (definition[key] !== 'amount') return ctx.planner.issue(path, 'deals have one number: write `amount`');
    return ctx.planner.measure({ ...base, agg: aggregate } satisfies DealMeasure);
  }
  if (key === 'days_since_last' || key === 'days_since_first') {
    if (definition[key] !== 'deal') return ctx.planner.issue(path, `with \`deals:\` write \`${key}: deal\``);
    const agg = key === 'days_since_last' ? 'last_created_at' : 'first_created_at';
    return { op: 'days_since', instant: ctx.planner.measure({ ...base, agg } satisfies DealMeasure) };
  }
  return ctx.planner.issue(
    path,
    `\`${key}\` does not read deals; use count, sum, average, min, max or days_since_last`,
  );
}

function eventExpr(
  ctx: Context,
  name: string,
  definition: FeatureDefinitionInput,
  key: MeasureKey,
): Expr | null {
  const scope = scopeOf(ctx, name, definition);
  const window = windowDays(definition.window);
  const range: AgeRange = { after: null, within: window };
  const path = [name, key];
  const eventMeasure = (events: string | readonly string[], rest: Record<string, unknown>) =>
    ctx.planner.measure({
      source: 'events',
      scope,
      select: selector(ctx, definition, events),
      range,
      ...rest,
    } as EventMeasure);
  const needEvents = (): string | readonly string[] | null =>
    definition.events ?? ctx.planner.issue([name], `\`${key}\` needs \`events:\` (which events it reads)`);
  switch (key) {
    case 'count':
      return eventMeasure(definition.count!, { agg: 'count' });
    case 'exists':
      return { op: 'flag', count: eventMeasure(definition.exists!, { agg: 'count' }) };
    case 'days_since_last':
    case 'days_since_first':
      return {
        op: 'days_since',
        instant: eventMeasure(definition[key]!, { agg: key === 'days_since_last' ? 'last_at' : 'first_at' }),
      };
    case 'distinct': {
      const events = needEvents();
      if (events === null) return null;
      const what = definition.distinct!;
      return what === 'person'
        ? eventMeasure(events, { agg: 'distinct_person' })
        : eventMeasure(events, { agg: 'distinct_value', ref: propertyRef(what.property, ctx.vocabulary) });
    }
    case 'trend': {
      if (definition.window !== undefined)
        return ctx.planner.issue(
          [name, 'window'],
          'a trend compares `recent` with `previous`; remove `window`',
        );
      const recent = windowDays(definition.recent ?? '');
      const previous = windowDays(definition.previous ?? '');
      if (definition.recent === undefined || recent === null)
        return ctx.planner.issue([name, 'recent'], 'a trend needs `recent:` as a number of days, e.g. 7d');
      if (definition.previous === undefined || previous === null)
        return ctx.planner.issue(
          [name, 'previous'],
          'a trend needs `previous:` as a number of days, e.g. 28d',
        );
      const count = (after: number | null, within: number) =>
        ctx.planner.measure({
          source: 'events',
          scope,
          select: selector(ctx, definition, definition.trend!),
          range: { after, within },
          agg: 'count',
        } satisfies EventMeasure);
      return {
        op: 'trend',
        recent: count(null, recent),
        recentDays: recent,
        previous: count(recent, recent + previous),
        previousDays: previous,
      };
    }
    default: {
      const aggregate = AGGREGATES[key];
      if (!aggregate) return ctx.planner.issue(path, `\`${key}\` does not read events`);
      const events = needEvents();
      if (events === null) return null;
      const value = eventValue(ctx, path, definition[key] as ValueInput);
      return value && eventMeasure(events, { agg: aggregate, value });
    }
  }
}

interface Lowered {
  readonly expr: Expr;
  readonly type: 'numeric' | 'categorical';
}

function attributeExpr(
  ctx: Context,
  name: string,
  definition: FeatureDefinitionInput,
  key: 'property' | 'days_since',
): Lowered | null {
  const path = definition[key]!;
  const resolved = resolveAttribute(ctx.entityType, path, definition.type, ctx.vocabulary, (m) =>
    ctx.planner.measure(m),
  );
  if ('error' in resolved) return ctx.planner.issue([name, key], resolved.error);
  if (key === 'days_since') {
    if (resolved.type !== 'instant')
      return ctx.planner.issue(
        [name, key],
        `'${path}' is not a date; days_since reads created_at, customer_since or account.created_at`,
      );
    return { expr: { op: 'days_since', instant: resolved.expr }, type: 'numeric' };
  }
  if (resolved.type === 'instant')
    return ctx.planner.issue(
      [name, key],
      `'${path}' is a date; write \`days_since: ${path}\` to get its age in days`,
    );
  return { expr: resolved.expr, type: resolved.type === 'text' ? 'categorical' : 'numeric' };
}

/** Lowers one feature (following ratio/share references, which must not form a cycle). */
function lowerFeature(
  ctx: Context,
  name: string,
  resolving: Set<string>,
  done: Map<string, Lowered | null>,
): Lowered | null {
  if (done.has(name)) return done.get(name)!;
  const definition = ctx.definitions[name]!;
  resolving.add(name);
  const key = measureKeyOf(definition);
  let lowered: Lowered | null = null;
  if (key === 'ratio' || key === 'share') {
    const [a, b] = definition[key]!;
    const parts = [a, b].map((ref, i) => {
      if (!Object.hasOwn(ctx.definitions, ref)) {
        const suggestion = closest(ref, Object.keys(ctx.definitions));
        return ctx.planner.issue(
          [name, key, i],
          `unknown feature '${ref}'`,
          suggestion ? `did you mean '${suggestion}'?` : undefined,
        );
      }
      if (resolving.has(ref)) return ctx.planner.issue([name, key, i], `'${ref}' refers back to '${name}'`);
      const part = lowerFeature(ctx, ref, resolving, done);
      if (part && part.type !== 'numeric')
        return ctx.planner.issue([name, key, i], `'${ref}' is a category, not a number`);
      return part;
    });
    if (parts[0] && parts[1])
      lowered = { expr: { op: 'ratio', a: parts[0].expr, b: parts[1].expr }, type: 'numeric' };
  } else if (key === 'property' || key === 'days_since') {
    lowered = attributeExpr(ctx, name, definition, key);
  } else if (definition.deals !== undefined) {
    const expr = dealExpr(ctx, name, definition, key);
    lowered = expr && { expr, type: 'numeric' };
  } else {
    if (definition.events !== undefined && !['sum', 'average', 'min', 'max', 'distinct'].includes(key))
      ctx.planner.issue([name, 'events'], `\`${key}\` names its events itself; remove \`events\``);
    const expr = eventExpr(ctx, name, definition, key);
    lowered = expr && { expr, type: 'numeric' };
  }
  resolving.delete(name);
  done.set(name, lowered);
  return lowered;
}

/**
 * Lowers a feature map for one entity type to a plan. Every problem is collected (with its path
 * under the map) before FeaturePlanError is thrown, so one edit pass fixes them all.
 */
export function lowerFeatures(
  entityType: EntityType,
  definitions: Readonly<Record<string, FeatureDefinitionInput>>,
  vocabulary: EventVocabulary,
): FeaturePlan {
  const planner = new Planner();
  const ctx: Context = { entityType, vocabulary, definitions, planner };
  const done = new Map<string, Lowered | null>();
  const features: PlannedFeature[] = [];
  for (const [name, definition] of Object.entries(definitions)) {
    const lowered = lowerFeature(ctx, name, new Set(), done);
    if (!lowered) continue;
    const descriptor = describeFeature(name, definition, lowered.type);
    const checked = featureCatalogSchema.safeParse([descriptor]);
    if (!checked.success) {
      for (const issue of checked.error.issues)
        planner.issue(
          [name, ...issue.path.slice(1).map((p) => (typeof p === 'symbol' ? String(p) : p))],
          issue.message,
        );
      continue;
    }
    features.push({ name, type: lowered.type, expr: lowered.expr, descriptor });
  }
  if (planner.issues.length > 0) throw new FeaturePlanError(planner.issues);
  return { entityType, measures: planner.measures, features };
}

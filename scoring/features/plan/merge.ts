import type { Expr, FeaturePlan, Measure, PlannedFeature } from './ir.ts';

export interface MergedPlan {
  readonly plan: FeaturePlan;
  /** columns[i][j]: where feature j of plans[i] is in the merged plan. */
  readonly columns: readonly (readonly number[])[];
}

function keyOf(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function remap(expr: Expr, ids: readonly number[]): Expr {
  switch (expr.op) {
    case 'measure':
      return { op: 'measure', id: ids[expr.id]! };
    case 'attribute':
      return expr;
    case 'days_since':
      return { ...expr, instant: remap(expr.instant, ids) };
    case 'trend':
      return { ...expr, recent: remap(expr.recent, ids), previous: remap(expr.previous, ids) };
    case 'ratio':
      return { ...expr, a: remap(expr.a, ids), b: remap(expr.b, ids) };
    case 'flag':
      return { ...expr, count: remap(expr.count, ids) };
    case 'coalesce':
      return { ...expr, first: remap(expr.first, ids), otherwise: remap(expr.otherwise, ids) };
    case 'if_customer':
      return { ...expr, value: remap(expr.value, ids) };
    case 'before_cutoff':
      return { ...expr, instant: remap(expr.instant, ids) };
  }
}

/**
 * Several models' feature plans of one entity type as one plan, so one query (one read of the
 * events) feeds them all: shared aggregates are computed once, a feature two models define the same
 * way is one column, and a name two models define differently gets a second column.
 */
export function mergePlans(plans: readonly FeaturePlan[]): MergedPlan {
  if (plans.length === 0) throw new Error('mergePlans: no plans');
  const entityType = plans[0]!.entityType;
  const measures: Measure[] = [];
  const measureIds = new Map<string, number>();
  const features: PlannedFeature[] = [];
  const featureIds = new Map<string, number>();
  const names = new Set<string>();
  const columns = plans.map((plan) => {
    if (plan.entityType !== entityType) throw new Error('mergePlans: plans of different entity types');
    const ids = plan.measures.map((measure) => {
      const key = keyOf(measure);
      let id = measureIds.get(key);
      if (id === undefined) {
        id = measures.length;
        measures.push(measure);
        measureIds.set(key, id);
      }
      return id;
    });
    return plan.features.map((feature) => {
      const expr = remap(feature.expr, ids);
      const key = keyOf([feature.name, feature.type, expr]);
      let index = featureIds.get(key);
      if (index === undefined) {
        let name = feature.name;
        for (let n = 2; names.has(name); n++) name = `${feature.name}__${n}`;
        names.add(name);
        index = features.length;
        features.push({ ...feature, name, expr });
        featureIds.set(key, index);
      }
      return index;
    });
  });
  return { plan: { entityType, measures, features }, columns };
}

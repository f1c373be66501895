import { floatLiteral, stringLiteral } from '../../sql/literals.ts';
import type { Condition, DealMeasure, EventMeasure, EventValue, PropertyRef } from '../plan/ir.ts';
import { DAY_MS } from '../time.ts';
import type { FeatureDialect } from './dialect.ts';

/** Aliases an aggregate is written against: the event or deal row, and the cutoff it is measured at. */
export interface MeasureScope {
  readonly row: string;
  readonly cutoff: string;
  /**
   * SQL of an event property's text. The compiler reads each property once per event row, and
   * only for the events that need it (compile.ts), so aggregates refer to a column.
   */
  readonly property?: (ref: PropertyRef) => string;
}

function propertyOf(dialect: FeatureDialect, scope: MeasureScope, ref: PropertyRef): string {
  return scope.property ? scope.property(ref) : propertyTextSql(dialect, `${scope.row}.properties`, ref);
}

const text = (dialect: FeatureDialect, value: string) => stringLiteral(value, dialect.sql);

/** A property as text, first name present wins, empty text is no value (evaluate/event-fields.ts). */
export function propertyTextSql(dialect: FeatureDialect, column: string, ref: PropertyRef): string {
  const reads = ref.names.map((name) => dialect.jsonText(column, name));
  const first = reads.length === 1 ? reads[0]! : `COALESCE(${reads.join(', ')})`;
  return `NULLIF(${first}, '')`;
}

function conditionSql(dialect: FeatureDialect, scope: MeasureScope, condition: Condition): string {
  const value = propertyOf(dialect, scope, condition.property);
  const { test } = condition;
  switch (test.op) {
    case 'exists':
      return `${value} IS ${test.value ? 'NOT ' : ''}NULL`;
    case 'in':
      return `LOWER(${value}) IN (${test.values.map((v) => text(dialect, v)).join(', ')})`;
    case 'not_in':
      return `(${value} IS NULL OR LOWER(${value}) NOT IN (${test.values.map((v) => text(dialect, v)).join(', ')}))`;
    case 'contains_any':
      return `(${test.values.map((v) => dialect.contains(`LOWER(${value})`, text(dialect, v))).join(' OR ')})`;
    default: {
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[test.op];
      return `${dialect.toNumber(value)} ${op} ${floatLiteral(test.value)}`;
    }
  }
}

/** Rows an event measure reads: its names, its age range at the cutoff, its conditions. */
function eventCondition(dialect: FeatureDialect, measure: EventMeasure, scope: MeasureScope): string {
  const { row, cutoff } = scope;
  const parts: string[] = [];
  const { names, conditions } = measure.select;
  if (names !== null) parts.push(`${row}.name IN (${names.map((n) => text(dialect, n)).join(', ')})`);
  // age = (cutoff - at) / 1 day; age <= within  <=>  at >= cutoff - within days, exactly in ms.
  if (measure.range.within !== null)
    parts.push(`${row}.at_ms >= ${cutoff} - ${measure.range.within * DAY_MS}`);
  if (measure.range.after !== null) parts.push(`${row}.at_ms < ${cutoff} - ${measure.range.after * DAY_MS}`);
  for (const condition of conditions) parts.push(conditionSql(dialect, scope, condition));
  return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}

function eventValueSql(dialect: FeatureDialect, scope: MeasureScope, value: EventValue): string {
  if (value.kind === 'value') return `${scope.row}.value`;
  const label = propertyOf(dialect, scope, value.ref);
  if (value.kind === 'property') return dialect.toNumber(label);
  const arms = Object.entries(value.weights).map(
    ([l, w]) => `WHEN ${text(dialect, l)} THEN ${floatLiteral(w)}`,
  );
  return `CASE LOWER(${label}) ${arms.join(' ')} ELSE ${floatLiteral(value.otherwise)} END`;
}

/** One event measure as an aggregate over the joined event rows. */
export function eventMeasureSql(dialect: FeatureDialect, measure: EventMeasure, scope: MeasureScope): string {
  const condition = eventCondition(dialect, measure, scope);
  const { row } = scope;
  switch (measure.agg) {
    case 'count':
      return dialect.aggregateIf('COUNT', '1', condition);
    case 'first_at':
      return dialect.aggregateIf('MIN', `${row}.at_ms`, condition);
    case 'last_at':
      return dialect.aggregateIf('MAX', `${row}.at_ms`, condition);
    case 'distinct_person':
      return dialect.countDistinctIf(`${row}.contact_id`, condition);
    case 'distinct_value':
      return dialect.countDistinctIf(propertyOf(dialect, scope, measure.ref), condition);
    case 'latest_text':
      return dialect.latestIf(
        propertyOf(dialect, scope, measure.ref),
        `${row}.at_ms`,
        `${row}.event_id`,
        condition,
        'text',
      );
    case 'latest_number':
      return dialect.latestIf(
        eventValueSql(dialect, scope, measure.value),
        `${row}.at_ms`,
        `${row}.event_id`,
        condition,
        'number',
      );
    default: {
      const fn = { sum: 'SUM', avg: 'AVG', min: 'MIN', max: 'MAX' }[measure.agg];
      return dialect.aggregateIf(
        fn,
        `CAST(${eventValueSql(dialect, scope, measure.value)} AS ${dialect.sql.floatType})`,
        condition,
      );
    }
  }
}

/** A deal's state at the cutoff, as features/evaluate/measure-deals.ts decides it. */
function dealCondition(dialect: FeatureDialect, measure: DealMeasure, scope: MeasureScope): string {
  const { row, cutoff } = scope;
  const exists = `COALESCE(${row}.created_ms, ${row}.updated_ms) < ${cutoff}`;
  const closedBefore = `(${row}.status <> ${text(dialect, 'open')} AND CASE WHEN ${row}.closed_ms IS NULL THEN ${row}.updated_ms < ${cutoff} ELSE ${row}.closed_ms < ${cutoff} END)`;
  switch (measure.state) {
    case 'any':
      return exists;
    case 'open':
      return `${exists} AND NOT ${closedBefore}`;
    default:
      return `${exists} AND ${closedBefore} AND ${row}.status = ${text(dialect, measure.state)}`;
  }
}

export function dealMeasureSql(dialect: FeatureDialect, measure: DealMeasure, scope: MeasureScope): string {
  const condition = dealCondition(dialect, measure, scope);
  const { row } = scope;
  const created = `COALESCE(${row}.created_ms, ${row}.updated_ms)`;
  switch (measure.agg) {
    case 'count':
      return dialect.aggregateIf('COUNT', '1', condition);
    case 'last_created_at':
      return dialect.aggregateIf('MAX', created, condition);
    case 'first_created_at':
      return dialect.aggregateIf('MIN', created, condition);
    default: {
      const fn = { sum: 'SUM', avg: 'AVG', min: 'MIN', max: 'MAX' }[measure.agg];
      return dialect.aggregateIf(fn, `CAST(${row}.amount AS ${dialect.sql.floatType})`, condition);
    }
  }
}

/** The value a measure has over no rows: 0 for counts, sums and distinct counts, else unknown. */
export function emptyValueOf(measure: EventMeasure | DealMeasure): '0' | null {
  const zero = ['count', 'sum', 'distinct_person', 'distinct_value'];
  return zero.includes(measure.agg) ? '0' : null;
}

/** Every property an event measure reads, for the compiler to read once per row. */
export function propertiesRead(measure: EventMeasure): PropertyRef[] {
  const refs = measure.select.conditions.map((c) => c.property);
  if (measure.agg === 'distinct_value' || measure.agg === 'latest_text') refs.push(measure.ref);
  if ('value' in measure && measure.value.kind !== 'value') refs.push(measure.value.ref);
  return refs;
}

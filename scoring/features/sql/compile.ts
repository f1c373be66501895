import { stringLiteral } from '../../sql/literals.ts';
import type { EventMeasure, FeaturePlan, Measure, PropertyRef, Scope } from '../plan/ir.ts';
import type { FeatureDialect } from './dialect.ts';
import { type ExpressionContext, exprSql } from './expressions.ts';
import { dealMeasureSql, eventMeasureSql, propertiesRead, propertyTextSql } from './measures.ts';
import { accountTimelineSql } from './relations.ts';

export interface FeatureQueryOptions {
  readonly dialect: FeatureDialect;
  /**
   * The rows to compute features for: a relation (table name or parenthesised SELECT) with
   * `row_id`, `entity_id` and `cutoff_ms`; one query serves any number of cutoffs.
   */
  readonly targets: string;
  /** Columns of the targets copied to the output after row_id and entity_id (labels, say). */
  readonly passThrough?: readonly string[];
  /** More per-row facts: CTEs over `sb_t` joined by row_id, their columns output after pass-through. */
  readonly extras?: QueryExtras;
}

export interface QueryExtras {
  readonly ctes: readonly string[];
  readonly joins: readonly string[];
  readonly columns: readonly string[];
}

interface MeasureGroup {
  readonly alias: string;
  readonly ids: number[];
}

function groupOf(measure: Measure, entityIsContact: boolean): { source: Measure['source']; scope: Scope } {
  return { source: measure.source, scope: entityIsContact ? measure.scope : 'self' };
}

/**
 * The event rows one scope's measures read, with each property they test or aggregate read once
 * per row, and only on events whose name some measure reading it selects: JSON is parsed for the
 * few events that need it, not for every event.
 */
function eventRowsSql(
  dialect: FeatureDialect,
  measures: readonly EventMeasure[],
  from: string,
): { sql: string; property: (ref: PropertyRef) => string } {
  const columns = new Map<string, { column: string; ref: PropertyRef; names: Set<string> | null }>();
  for (const measure of measures) {
    for (const ref of propertiesRead(measure)) {
      const key = JSON.stringify(ref.names);
      let entry = columns.get(key);
      if (!entry) {
        entry = { column: `p${columns.size}`, ref, names: new Set() };
        columns.set(key, entry);
      }
      if (measure.select.names === null) entry.names = null;
      else if (entry.names) for (const name of measure.select.names) entry.names.add(name);
    }
  }
  const derived = [...columns.values()].map(({ column, ref, names }) => {
    const read = propertyTextSql(dialect, 'e.properties', ref);
    const guarded =
      names === null
        ? read
        : `CASE WHEN e.name IN (${[...names].map((n) => stringLiteral(n, dialect.sql)).join(', ')}) THEN ${read} END`;
    return `${guarded} AS ${column}`;
  });
  const sql = `SELECT k.row_key, k.cutoff_ms, e.event_id, e.contact_id, e.name, e.at_ms, e.value${derived
    .map(
      (d) => `,
      ${d}`,
    )
    .join('')}
    ${from}`;
  return { sql, property: (ref) => `e.${columns.get(JSON.stringify(ref.names))!.column}` };
}

/**
 * One SELECT computing every feature of a plan for every target row: the events and deals of each
 * target strictly before its cutoff are read once per scope (the entity's own, and for people their
 * company's), aggregated by every measure at once, then combined into features. Output columns:
 * row_id, entity_id, the pass-through and extra columns, then one column per feature in plan order.
 */
export function compileFeatureQuery(plan: FeaturePlan, options: FeatureQueryOptions): string {
  const { ctes, select } = compileFeatureQueryParts(plan, options);
  return `WITH ${ctes.join(',\n')}\n${select}`;
}

/**
 * compileFeatureQuery as its CTEs (`name AS (...)`, in order) and final SELECT, for a caller that
 * composes it into a larger statement after CTEs of its own (the canonical relations, say).
 */
export function compileFeatureQueryParts(
  plan: FeaturePlan,
  options: FeatureQueryOptions,
): { readonly ctes: readonly string[]; readonly select: string } {
  const { dialect } = options;
  const contact = plan.entityType === 'contact';
  const groups: Record<string, MeasureGroup> = {
    'events:self': { alias: 'se', ids: [] },
    'events:account': { alias: 'ae', ids: [] },
    'deals:self': { alias: 'sd', ids: [] },
    'deals:account': { alias: 'ad', ids: [] },
  };
  plan.measures.forEach((measure, id) => {
    const { source, scope } = groupOf(measure, contact);
    groups[`${source}:${scope}`]!.ids.push(id);
  });
  const columnOf = (alias: string, id: number) => `${alias}.m${id}`;
  const aggregates = (group: MeasureGroup, render: (m: Measure) => string) =>
    group.ids.map((id) => `${render(plan.measures[id]!)} AS m${id}`).join(',\n    ');

  const ctes: string[] = [`sb_t AS (SELECT * FROM ${options.targets})`];
  const joins: string[] = [];
  const entityJoin = contact
    ? `JOIN sb_contacts c ON c.contact_id = t.entity_id
  LEFT JOIN sb_accounts ac ON ac.account_id = c.account_id
  LEFT JOIN sb_atl atl ON atl.account_id = c.account_id`
    : `JOIN sb_accounts a ON a.account_id = t.entity_id
  LEFT JOIN sb_atl atl ON atl.account_id = a.account_id`;
  ctes.push(`sb_atl AS (${accountTimelineSql(dialect)})`);

  const eventMeasures = (group: MeasureGroup) => group.ids.map((id) => plan.measures[id] as EventMeasure);
  const selfEvents = groups['events:self']!;
  if (selfEvents.ids.length > 0) {
    const on = contact ? 'e.contact_id = k.entity_id AND e.in_contact' : 'e.account_id = k.entity_id';
    const rows = eventRowsSql(
      dialect,
      eventMeasures(selfEvents),
      `FROM (SELECT row_id AS row_key, entity_id, cutoff_ms FROM sb_t) k JOIN sb_events e ON ${on} AND e.at_ms < k.cutoff_ms`,
    );
    const scope = { row: 'e', cutoff: 'e.cutoff_ms', property: rows.property };
    ctes.push(`sb_self_rows AS (
    ${rows.sql})`);
    ctes.push(`sb_self_ev AS (
  SELECT e.row_key AS row_id,
    ${aggregates(selfEvents, (m) => eventMeasureSql(dialect, m as EventMeasure, scope))}
  FROM sb_self_rows e
  GROUP BY e.row_key)`);
    joins.push('LEFT JOIN sb_self_ev se ON se.row_id = t.row_id');
  }
  const selfDeals = groups['deals:self']!;
  if (selfDeals.ids.length > 0) {
    const on = contact ? 'd.contact_id = t.entity_id' : 'd.account_id = t.entity_id';
    ctes.push(`sb_self_deals AS (
  SELECT t.row_id,
    ${aggregates(selfDeals, (m) => dealMeasureSql(dialect, m as never, { row: 'd', cutoff: 't.cutoff_ms' }))}
  FROM sb_t t JOIN sb_deals d ON ${on}
  GROUP BY t.row_id)`);
    joins.push('LEFT JOIN sb_self_deals sd ON sd.row_id = t.row_id');
  }
  const accountEvents = groups['events:account']!;
  const accountDeals = groups['deals:account']!;
  if (accountEvents.ids.length + accountDeals.ids.length > 0) {
    ctes.push(`sb_acct_t AS (
  SELECT DISTINCT c.account_id, t.cutoff_ms FROM sb_t t JOIN sb_contacts c ON c.contact_id = t.entity_id
  WHERE c.account_id IS NOT NULL)`);
  }
  if (accountEvents.ids.length > 0) {
    const rows = eventRowsSql(
      dialect,
      eventMeasures(accountEvents),
      `FROM (SELECT account_id AS row_key, cutoff_ms FROM sb_acct_t) k JOIN sb_events e ON e.account_id = k.row_key AND e.at_ms < k.cutoff_ms`,
    );
    const scope = { row: 'e', cutoff: 'e.cutoff_ms', property: rows.property };
    ctes.push(`sb_acct_rows AS (
    ${rows.sql})`);
    ctes.push(`sb_acct_ev AS (
  SELECT e.row_key AS account_id, e.cutoff_ms,
    ${aggregates(accountEvents, (m) => eventMeasureSql(dialect, m as EventMeasure, scope))}
  FROM sb_acct_rows e
  GROUP BY e.row_key, e.cutoff_ms)`);
    joins.push('LEFT JOIN sb_acct_ev ae ON ae.account_id = c.account_id AND ae.cutoff_ms = t.cutoff_ms');
  }
  if (accountDeals.ids.length > 0) {
    ctes.push(`sb_acct_deals AS (
  SELECT k.account_id, k.cutoff_ms,
    ${aggregates(accountDeals, (m) => dealMeasureSql(dialect, m as never, { row: 'd', cutoff: 'k.cutoff_ms' }))}
  FROM sb_acct_t k JOIN sb_deals d ON d.account_id = k.account_id
  GROUP BY k.account_id, k.cutoff_ms)`);
    joins.push('LEFT JOIN sb_acct_deals ad ON ad.account_id = c.account_id AND ad.cutoff_ms = t.cutoff_ms');
  }

  const aliasOf = new Map<number, string>();
  for (const group of Object.values(groups)) for (const id of group.ids) aliasOf.set(id, group.alias);
  const ctx: ExpressionContext = {
    dialect,
    entityType: plan.entityType,
    plan,
    measureColumn: (id) => columnOf(aliasOf.get(id)!, id),
  };
  const { floatType, stringType } = dialect.sql;
  const columns = plan.features.map((feature) => {
    const value = exprSql(ctx, feature.expr);
    const typed =
      feature.type === 'categorical' ? `CAST(${value} AS ${stringType})` : `CAST(${value} AS ${floatType})`;
    return `${typed} AS ${dialect.sql.outputName(feature.name)}`;
  });
  const passThrough = (options.passThrough ?? []).map((column) => `t.${column}`);
  ctes.push(...(options.extras?.ctes ?? []));
  joins.push(...(options.extras?.joins ?? []));
  passThrough.push(...(options.extras?.columns ?? []));
  const select = `SELECT ${['t.row_id', 't.entity_id', ...passThrough, ...columns].join(',\n  ')}
FROM sb_t t
  ${entityJoin}
  ${joins.join('\n  ')}`;
  return { ctes, select };
}

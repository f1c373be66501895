import type { EntityType } from '../../../core/schema/index.ts';
import { floatLiteral, integerLiteral, stringLiteral } from '../../sql/literals.ts';
import { DAY_MS } from '../time.ts';
import type { FeatureDialect } from './dialect.ts';
import { accountTimelineSql, contactTimelineSql } from './relations.ts';

/**
 * Who a model scores at a cutoff, and what it predicts. The rules of labels/populations.ts in SQL.
 * `ltv` is the churn population plus accounts that bought before the cutoff and had not churned
 * (whether they hold a subscription is read from their features, see models/ltv-facts.ts).
 */
export type PopulationKind = 'lead' | 'churn' | 'ltv';

/** Entities per page of the store walk rows are numbered by. */
const WALK_PAGE = 500;

export function populationEntity(kind: PopulationKind): EntityType {
  return kind === 'lead' ? 'contact' : 'account';
}

/**
 * Lead: people who existed and had not converted at the cutoff (nor were marked customers with
 * no time for it). Churn: accounts that existed and were paying at the cutoff, excluding accounts
 * marked churned with no churn date. Entities deleted or merged away are never scored.
 */
function churnWhere(dialect: FeatureDialect, cutoff: string): string {
  return `p.active AND p.existed_ms < ${cutoff}
      AND NOT (COALESCE(p.status, '') = ${stringLiteral('churned', dialect.sql)} AND p.churned_ms IS NULL)
      AND p.customer_since_ms < ${cutoff}
      AND (p.churned_ms IS NULL OR p.churned_ms > ${cutoff})`;
}

function populationWhere(dialect: FeatureDialect, kind: PopulationKind, cutoff: string): string {
  if (kind === 'ltv')
    return `(${churnWhere(dialect, cutoff)})
      OR (p.active AND p.first_purchase_ms < ${cutoff} AND (p.churned_ms IS NULL OR p.churned_ms >= ${cutoff}))`;
  if (kind === 'lead') {
    return `p.active AND p.existed_ms < ${cutoff}
      AND NOT (p.converted_ms IS NULL AND COALESCE(LOWER(p.lifecycle_stage), '') = ${stringLiteral('customer', dialect.sql)})
      AND (p.converted_ms IS NULL OR p.converted_ms > ${cutoff})`;
  }
  return churnWhere(dialect, cutoff);
}

/** 1 when the outcome happens in (cutoff, cutoff + horizon]: conversion for leads, churn for accounts. */
function labelSql(kind: 'lead' | 'churn', cutoff: string, horizonDays: number): string {
  const at = kind === 'lead' ? 'p.converted_ms' : 'p.churned_ms';
  return `CASE WHEN ${at} > ${cutoff} AND ${at} <= ${cutoff} + ${integerLiteral(horizonDays * DAY_MS)} THEN 1 ELSE 0 END`;
}

export interface TargetsOptions {
  readonly kind: PopulationKind;
  /** Cutoff instants (epoch ms); `cutoff_index` of a row is its position here. */
  readonly cutoffs: readonly number[];
  /** Adds `label` for this horizon (training); omitted when scoring. */
  readonly horizonDays?: number;
  /** Keeps entities whose stable hash falls below this share, all their cutoffs together. */
  readonly sampleRate?: number;
  /** Only these entities: a relation with an `entity_id` column (re-scoring what changed). */
  readonly only?: string;
  /** Stored names of purchase events (the ltv population reads them). */
  readonly purchaseNames?: readonly string[];
}

/**
 * The population rows of a model at every cutoff, one SELECT: `row_id`, `entity_id`, `cutoff_ms`,
 * `cutoff_index` and, for training, `label`. Feature queries take it as their targets.
 */
export function targetsSql(dialect: FeatureDialect, options: TargetsOptions): string {
  const cutoffs = options.cutoffs
    .map((cutoff, index) => `SELECT ${index} AS cutoff_index, ${floatLiteral(cutoff)} AS cutoff_ms`)
    .join(' UNION ALL ');
  const accounts = accountTimelineSql(dialect);
  const timeline =
    options.kind === 'lead'
      ? contactTimelineSql(dialect, `(${accounts})`)
      : options.kind === 'ltv'
        ? `SELECT x.*, fp.first_purchase_ms FROM (${accounts}) x LEFT JOIN (
            SELECT account_id, MIN(at_ms) AS first_purchase_ms FROM sb_events
            WHERE name IN (${(options.purchaseNames ?? ['purchase']).map((n) => stringLiteral(n, dialect.sql)).join(', ')})
            GROUP BY account_id) fp ON fp.account_id = x.account_id`
        : accounts;
  const id = options.kind === 'lead' ? 'p.contact_id' : 'p.account_id';
  const filters = [`(${populationWhere(dialect, options.kind, 'k.cutoff_ms')})`];
  if (options.sampleRate !== undefined && options.sampleRate < 1)
    filters.push(`${dialect.unitHash(id)} < ${floatLiteral(options.sampleRate)}`);
  if (options.only) filters.push(`${id} IN (SELECT entity_id FROM ${options.only})`);
  const label =
    options.horizonDays === undefined || options.kind === 'ltv'
      ? ''
      : `,\n    ${labelSql(options.kind, 'k.cutoff_ms', options.horizonDays)} AS label`;
  const inChurn =
    options.kind === 'ltv'
      ? `,\n    CASE WHEN ${churnWhere(dialect, 'k.cutoff_ms')} THEN 1 ELSE 0 END AS in_churn`
      : '';
  // Rows are numbered as the store is walked: live entities by id in pages of WALK_PAGE, each page
  // at every cutoff in turn. Training reads rows in this order, so a model trained on the SQL rows
  // is the one the same data always gave (learners sample rows by position).
  return `SELECT ROW_NUMBER() OVER (ORDER BY p.walk_page, k.cutoff_index, ${id}) AS row_id, ${id} AS entity_id,
    k.cutoff_ms, k.cutoff_index${label}${inChurn}
  FROM (SELECT x.*, CASE WHEN x.active THEN FLOOR((ROW_NUMBER() OVER (PARTITION BY x.active ORDER BY x.${id.slice(2)}) - 1) / ${WALK_PAGE}) END AS walk_page
        FROM (${timeline}) x) p
  CROSS JOIN (${cutoffs}) k
  WHERE ${filters.join('\n    AND ')}`;
}

/** Population rows per cutoff (for sizing the training sample before reading any event). */
export function populationCountSql(
  dialect: FeatureDialect,
  options: Omit<TargetsOptions, 'sampleRate' | 'horizonDays'>,
): string {
  return `SELECT COUNT(*) AS n FROM (${targetsSql(dialect, options)}) x`;
}

/** Earliest event of the entity type's live entities before `beforeMs`: where the store's history starts. */
export function earliestEventSql(entityType: EntityType, beforeMs: number): string {
  const join =
    entityType === 'contact'
      ? 'JOIN sb_contacts c ON c.contact_id = e.contact_id AND c.active WHERE e.in_contact'
      : 'JOIN sb_accounts a ON a.account_id = e.account_id AND a.active WHERE TRUE';
  return `SELECT MIN(e.at_ms) AS first_ms FROM sb_events e ${join} AND e.at_ms < ${floatLiteral(beforeMs)}`;
}

export interface DecisionTargetsOptions {
  readonly kind: 'lead' | 'churn';
  readonly fromMs: number;
  readonly toMs: number;
  readonly horizonDays: number;
  readonly actionProperty: string;
  readonly propensityProperty: string;
  readonly actions: readonly string[];
}

/**
 * Logged decisions as targets: each decision event of a live entity in [from, to] whose action is
 * known and whose propensity is in (0, 1], at the decision instant, when the entity was in the
 * outcome's population then; `label` is the outcome over the horizon after it.
 */
export function decisionTargetsSql(dialect: FeatureDialect, options: DecisionTargetsOptions): string {
  const contact = options.kind === 'lead';
  const entity = contact ? 'e.contact_id' : 'e.account_id';
  const scope = contact ? 'e.in_contact' : 'e.account_id IS NOT NULL';
  const accounts = accountTimelineSql(dialect);
  const timeline = contact ? contactTimelineSql(dialect, `(${accounts})`) : accounts;
  const id = contact ? 'p.contact_id' : 'p.account_id';
  const actions =
    options.actions.length === 0
      ? 'NULL'
      : options.actions.map((a) => stringLiteral(a, dialect.sql)).join(', ');
  return `SELECT ROW_NUMBER() OVER (ORDER BY d.entity_id, d.cutoff_ms, d.event_id) AS row_id, d.entity_id, d.cutoff_ms,
    d.action, d.propensity, ${labelSql(options.kind, 'd.cutoff_ms', options.horizonDays)} AS label
  FROM (
    SELECT ${entity} AS entity_id, e.at_ms AS cutoff_ms, e.event_id,
      NULLIF(${dialect.jsonText('e.properties', options.actionProperty)}, '') AS action,
      ${dialect.toNumber(dialect.jsonText('e.properties', options.propensityProperty))} AS propensity
    FROM sb_events e
    WHERE ${scope} AND ${dialect.contains('e.properties', stringLiteral(options.actionProperty, dialect.sql))}
      AND e.at_ms >= ${floatLiteral(options.fromMs)} AND e.at_ms <= ${floatLiteral(options.toMs)}
  ) d
  JOIN (${timeline}) p ON ${id} = d.entity_id
  WHERE d.action IN (${actions}) AND d.propensity > 0 AND d.propensity <= 1
    AND (${populationWhere(dialect, options.kind, 'd.cutoff_ms')})`;
}

import type { EntityType } from '../../../core/schema/index.ts';
import { floatLiteral, integerLiteral, stringLiteral } from '../../sql/literals.ts';
import { DAY_MS } from '../time.ts';
import type { FeatureDialect } from './dialect.ts';
import { accountTimelineSql, contactTimelineSql } from './relations.ts';

/** Who a model scores at a cutoff, and what it predicts. The rules of labels/populations.ts in SQL. */
export type PopulationKind = 'lead' | 'churn';

export function populationEntity(kind: PopulationKind): EntityType {
  return kind === 'lead' ? 'contact' : 'account';
}

/**
 * Lead: people who existed and had not converted at the cutoff (nor were marked customers with
 * no time for it). Churn: accounts that existed and were paying at the cutoff, excluding accounts
 * marked churned with no churn date. Entities deleted or merged away are never scored.
 */
function populationWhere(dialect: FeatureDialect, kind: PopulationKind, cutoff: string): string {
  if (kind === 'lead') {
    return `p.active AND p.existed_ms < ${cutoff}
      AND NOT (p.converted_ms IS NULL AND LOWER(p.lifecycle_stage) = ${stringLiteral('customer', dialect.sql)})
      AND (p.converted_ms IS NULL OR p.converted_ms > ${cutoff})`;
  }
  return `p.active AND p.existed_ms < ${cutoff}
      AND NOT (p.status = ${stringLiteral('churned', dialect.sql)} AND p.churned_ms IS NULL)
      AND p.customer_since_ms < ${cutoff}
      AND (p.churned_ms IS NULL OR p.churned_ms > ${cutoff})`;
}

/** 1 when the outcome happens in (cutoff, cutoff + horizon]: conversion for leads, churn for accounts. */
function labelSql(kind: PopulationKind, cutoff: string, horizonDays: number): string {
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
}

/**
 * The population rows of a model at every cutoff, one SELECT: `row_id`, `entity_id`, `cutoff_ms`,
 * `cutoff_index` and, for training, `label`. Feature queries take it as their targets.
 */
export function targetsSql(dialect: FeatureDialect, options: TargetsOptions): string {
  const cutoffs = options.cutoffs
    .map((cutoff, index) => `SELECT ${index} AS cutoff_index, ${floatLiteral(cutoff)} AS cutoff_ms`)
    .join(' UNION ALL ');
  const timeline =
    options.kind === 'lead' ? contactTimelineSql(dialect, `(${accountTimelineSql(dialect)})`) : accountTimelineSql(dialect);
  const id = options.kind === 'lead' ? 'p.contact_id' : 'p.account_id';
  const filters = [populationWhere(dialect, options.kind, 'k.cutoff_ms')];
  if (options.sampleRate !== undefined && options.sampleRate < 1)
    filters.push(`${dialect.unitHash(id)} < ${floatLiteral(options.sampleRate)}`);
  if (options.only) filters.push(`${id} IN (SELECT entity_id FROM ${options.only})`);
  const label = options.horizonDays === undefined ? '' : `,\n    ${labelSql(options.kind, 'k.cutoff_ms', options.horizonDays)} AS label`;
  return `SELECT ROW_NUMBER() OVER (ORDER BY ${id}, k.cutoff_index) AS row_id, ${id} AS entity_id,
    k.cutoff_ms, k.cutoff_index${label}
  FROM (${timeline}) p CROSS JOIN (${cutoffs}) k
  WHERE ${filters.join('\n    AND ')}`;
}

/** Population rows per cutoff (for sizing the training sample before reading any event). */
export function populationCountSql(dialect: FeatureDialect, options: Omit<TargetsOptions, 'sampleRate' | 'horizonDays'>): string {
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

import type { EntityType } from '../../../core/schema/index.ts';
import { floatLiteral, stringLiteral } from '../../sql/literals.ts';
import type { FeatureEngine } from '../rows/feature-engine.ts';
import type { FeatureDialect } from '../sql/dialect.ts';
import { targetsSql } from '../sql/populations.ts';
import { accountTimelineSql, contactTimelineSql } from '../sql/relations.ts';
import { DAY_MS } from '../time.ts';
import { countText, dayText } from './names.ts';
import { entityRelation, num, numberOf, PROPERTY_TEXT } from './scope.ts';
import { type OutcomeGroup, separation } from './separation.ts';
import type { LeakMeasurement } from './types.ts';

/**
 * Does a CRM property leak an outcome? A property holds the CRM's value now, and a feature reads
 * it at every past cutoff, so a field filled in when (or because) a deal was won or an account
 * churned hands the model the answer. Measured, not guessed: each property's values are compared
 * between entities with the outcome and the others, on
 *
 * - every live entity, outcome = it happened before the as-of instant (converted, churned, became
 *   a customer): catches fields that only exist once the outcome happened;
 * - the model's own population at the last cutoff whose horizon has passed (and the quarters before
 *   it), outcome = its label (lead: converts within the horizon; churn: churns within it).
 */
export interface OutcomeSet {
  /** The outcome in words: "contacts that converted before 2026-11-01". */
  readonly outcome: string;
  /** entity_id, y (1 = the outcome happened). */
  readonly sql: string;
}

/** Cutoffs the model labels are measured at. */
const LABEL_CUTOFFS = 4;

export function outcomeSets(
  dialect: FeatureDialect,
  entityType: EntityType,
  asOfMs: number,
  horizons: { readonly lead: number; readonly churn: number },
): OutcomeSet[] {
  const asOf = floatLiteral(asOfMs);
  const existed = `(t.existed_ms IS NULL OR t.existed_ms < ${asOf})`;
  const accounts = accountTimelineSql(dialect);
  const when = dayText(asOfMs);
  const label = (kind: 'lead' | 'churn', days: number): OutcomeSet => {
    // The last cutoff whose horizon has passed, and the quarters before it: one cutoff alone holds
    // too few outcomes in a small store.
    const cutoffs = Array.from({ length: LABEL_CUTOFFS }, (_, i) => asOfMs - days * DAY_MS - i * 90 * DAY_MS);
    const last = dayText(cutoffs[0]!);
    return {
      outcome:
        kind === 'lead'
          ? `open contacts that converted within ${days} days (the lead label, ${LABEL_CUTOFFS} quarterly cutoffs to ${last})`
          : `customers that churned within ${days} days (the churn label, ${LABEL_CUTOFFS} quarterly cutoffs to ${last})`,
      sql: `SELECT entity_id, label AS y FROM (${targetsSql(dialect, { kind, cutoffs, horizonDays: days })}) l`,
    };
  };
  if (entityType === 'contact') {
    const customer = stringLiteral('customer', dialect.sql);
    return [
      {
        outcome: `contacts that converted before ${when}`,
        sql: `SELECT t.contact_id AS entity_id,
          CASE WHEN t.converted_ms < ${asOf}
            OR (t.converted_ms IS NULL AND COALESCE(LOWER(t.lifecycle_stage), '') = ${customer}) THEN 1 ELSE 0 END AS y
          FROM (${contactTimelineSql(dialect, `(${accounts})`)}) t WHERE t.active AND ${existed}`,
      },
      label('lead', horizons.lead),
    ];
  }
  const churned = stringLiteral('churned', dialect.sql);
  return [
    {
      outcome: `accounts that churned before ${when}`,
      sql: `SELECT t.account_id AS entity_id,
        CASE WHEN t.churned_ms < ${asOf} OR (t.churned_ms IS NULL AND t.status = ${churned}) THEN 1 ELSE 0 END AS y
        FROM (${accounts}) t WHERE t.active AND ${existed}`,
    },
    {
      outcome: `accounts that became customers before ${when}`,
      sql: `SELECT t.account_id AS entity_id, CASE WHEN t.customer_since_ms < ${asOf} THEN 1 ELSE 0 END AS y
        FROM (${accounts}) t WHERE t.active AND ${existed}`,
    },
    label('churn', horizons.churn),
  ];
}

export interface LeakCandidate {
  readonly key: string;
  readonly numeric: boolean;
}

export interface LeakageResult {
  /** Property -> one measurement per outcome set with enough of both. */
  readonly measurements: ReadonlyMap<string, readonly LeakMeasurement[]>;
  /** Outcome sets too small to measure on. */
  readonly unmeasured: readonly string[];
}

/** One property's values grouped by outcome, for every candidate, in one query per outcome set. */
function groupsSql(
  fe: FeatureEngine,
  entityType: EntityType,
  set: OutcomeSet,
  candidates: readonly LeakCandidate[],
) {
  const literal = (text: string) => stringLiteral(text, fe.dialect.sql);
  const { table, id } = entityRelation(entityType);
  const keys = candidates.map((c) => `(${literal(c.key)})`).join(', ');
  const numericKeys = candidates.filter((c) => c.numeric).map((c) => literal(c.key));
  const isNumeric = numericKeys.length > 0 ? `k IN (${numericKeys.join(', ')})` : 'FALSE';
  return `WITH r AS (${set.sql}),
    keys(k) AS (VALUES ${keys}),
    vals AS (SELECT x.${id} AS entity_id, j.key, ${PROPERTY_TEXT} AS v
             FROM ${table} x, json_each(x.properties) j WHERE j.key IN (SELECT k FROM keys)),
    rows AS (SELECT keys.k, r.y, vals.v, ${numberOf('vals.v')} AS n
             FROM r CROSS JOIN keys LEFT JOIN vals ON vals.entity_id = r.entity_id AND vals.key = keys.k),
    read AS (SELECT k, y, v IS NOT NULL AS present,
               CASE WHEN ${isNumeric} THEN NULL ELSE v END AS category,
               CASE WHEN ${isNumeric} AND n IS NOT NULL
                 THEN ROUND(PERCENT_RANK() OVER (PARTITION BY k, n IS NULL ORDER BY n) * 1000) END AS bucket
             FROM rows)
  SELECT k, category, present, bucket, SUM(y) AS positives, COUNT(*) - SUM(y) AS negatives
  FROM read GROUP BY k, category, present, bucket`;
}

/** Measures every candidate property against every outcome of its entity type. */
export async function measureLeakage(
  fe: FeatureEngine,
  entityType: EntityType,
  asOfMs: number,
  horizons: { readonly lead: number; readonly churn: number },
  candidates: readonly LeakCandidate[],
  minOutcomes: number,
): Promise<LeakageResult> {
  const measurements = new Map<string, LeakMeasurement[]>();
  const unmeasured: string[] = [];
  if (candidates.length === 0) return { measurements, unmeasured };
  for (const set of outcomeSets(fe.dialect, entityType, asOfMs, horizons)) {
    const rows = await fe.engine.rows<Record<string, unknown>>(groupsSql(fe, entityType, set, candidates));
    const byKey = new Map<string, OutcomeGroup[]>();
    for (const row of rows) {
      const list = byKey.get(String(row.k)) ?? [];
      list.push({
        category: row.category === null ? null : String(row.category),
        present: Boolean(row.present),
        bucket: row.bucket === null ? null : num(row.bucket),
        positives: num(row.positives),
        negatives: num(row.negatives),
      });
      byKey.set(String(row.k), list);
    }
    let measured = false;
    for (const candidate of candidates) {
      const result = separation(byKey.get(candidate.key) ?? [], candidate.numeric, minOutcomes);
      if (!result) continue;
      measured = true;
      const list = measurements.get(candidate.key) ?? [];
      list.push({ outcome: set.outcome, ...result });
      measurements.set(candidate.key, list);
    }
    if (!measured) unmeasured.push(set.outcome);
  }
  return { measurements, unmeasured };
}

/** The measurement that separates best (the one a decision and its reason rest on). */
export function strongest(measurements: readonly LeakMeasurement[] = []): LeakMeasurement | undefined {
  return [...measurements].sort(
    (a, b) => Number(b.onlyWithOutcome) - Number(a.onlyWithOutcome) || b.auc - a.auc,
  )[0];
}

/** Why a property leaks, in words, with what was measured and the bar it cleared. */
export function leakReason(m: LeakMeasurement, bar: string): string {
  const auc = `AUC ${m.auc.toFixed(2)} by its ${m.by}`;
  if (m.onlyWithOutcome)
    return `leaks the outcome: has a value for ${pct(m.presentPositives)} of ${m.outcome} (${countText(m.positives)}) and ${pct(m.presentNegatives)} of the others (${countText(m.negatives)}); ${auc} (${bar})`;
  return `leaks the outcome: tells ${m.outcome} (${countText(m.positives)}) from the others (${countText(m.negatives)}) with ${auc} (${bar}); has a value for ${pct(m.presentPositives)} of them and ${pct(m.presentNegatives)} of the others`;
}

function pct(share: number): string {
  return `${Math.round(100 * share)}%`;
}
